"""pypowsybl side of the PSS/E validation (run with the venv from tests/validation/psse/setup).

  olf_solve.py export OUT_DIR            IEEE 14/57/118/300 as PSS/E RAW (v35) from pypowsybl
  olf_solve.py solve FILE.raw OUT.csv    OpenLoadFlow AC power flow on a RAW file, bus results

The load flow is set up as a plain Newton-Raphson power flow, as MATPOWER's runpf runs by
default: one slack bus (the file's swing bus), no slack distribution, generator reactive limits
not enforced, no transformer, shunt or phase-shifter control.
"""
import sys

import pypowsybl as pp
import pypowsybl.loadflow as lf

CASES = {"ieee14": pp.network.create_ieee14, "ieee57": pp.network.create_ieee57,
         "ieee118": pp.network.create_ieee118, "ieee300": pp.network.create_ieee300}


def export(out_dir):
    for name, create in CASES.items():
        create().save(f"{out_dir}/{name}_v35.raw", format="PSS/E")
        print(f"{out_dir}/{name}_v35.raw")


def solve(raw, out_csv):
    net = pp.network.load(raw)
    params = lf.Parameters(
        distributed_slack=False, use_reactive_limits=False,
        transformer_voltage_control_on=False, shunt_compensator_voltage_control_on=False,
        phase_shifter_regulation_on=False, read_slack_bus=True, write_slack_bus=False,
        voltage_init_mode=lf.VoltageInitMode.UNIFORM_VALUES,
        provider_parameters={"newtonRaphsonConvEpsPerEq": "1e-10", "slackBusPMaxMismatch": "1e-6"})
    result = lf.run_ac(net, params)
    status = result[0].status.name
    # The PSS/E importer names bus-breaker buses B<number>; voltages are in kV on the
    # voltage level's nominal voltage (the bus base kV).
    buses = net.get_bus_breaker_view_buses()
    vls = net.get_voltage_levels()
    with open(out_csv, "w") as f:
        f.write("bus,vm_pu,va_deg\n")
        for bus_id, row in buses.iterrows():
            vm = row["v_mag"] / vls.loc[row["voltage_level_id"], "nominal_v"]
            f.write(f"{bus_id[1:]},{vm:.12g},{row['v_angle']:.12g}\n")
    print(status, len(buses), "buses")


if __name__ == "__main__":
    if sys.argv[1] == "export":
        export(sys.argv[2])
    else:
        solve(sys.argv[2], sys.argv[3])
