// Unit types and the weekly load model from CSV: what is read, and one clear error per bad row.
#include "gat/io/adequacy_inputs.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "gat/core/error.hpp"

namespace {

namespace fs = std::filesystem;

class AdequacyInputs : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("gat_adequacy_inputs_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
    return dir_ / name;
  }
  // The message of the InputError reading `text` as unit types throws.
  std::string unit_error(const std::string& text) {
    try {
      gat::io::read_unit_types(write("units.csv", text));
    } catch (const gat::InputError& e) {
      return std::to_string(e.line()) + ": " + e.message();
    }
    return "no error";
  }
  fs::path dir_;
};

TEST_F(AdequacyInputs, UnitTypesExpandAndDeriveRates) {
  const auto u = gat::io::read_unit_types(write("units.csv",
                                                "unit_type,capacity_mw,units,mttf_h,mttr_h\n"
                                                "A,12,2,2940,60\n"
                                                "B,400,1,1100,150\n"));
  ASSERT_EQ(u.size(), 3u);
  EXPECT_EQ(u.p_mw, (std::vector<double>{12, 12, 400}));
  EXPECT_DOUBLE_EQ(u.forced_outage_rate[0], 60.0 / 3000.0);
  EXPECT_DOUBLE_EQ(u.forced_outage_rate[2], 150.0 / 1250.0);
  EXPECT_EQ(u.mttr_h, (std::vector<double>{60, 60, 150}));
  EXPECT_EQ(u.gen[0], -1);
  const auto rates_only =
      gat::io::read_unit_types(write("units.csv", "capacity_mw,forced_outage_rate\n50,0.01\n"));
  EXPECT_EQ(rates_only.size(), 1u);
  EXPECT_TRUE(rates_only.mttr_h.empty());
}

TEST_F(AdequacyInputs, BadUnitRowsNameTheLineAndType) {
  EXPECT_EQ(unit_error("unit_type,capacity_mw,forced_outage_rate\nA,10,0.1\nB,20,1\n"),
            "3: unit type B: forced outage rate 1.000000 is outside [0, 1)");
  EXPECT_EQ(unit_error("capacity_mw,forced_outage_rate\n10,-0.2\n"),
            "2: forced outage rate -0.200000 is outside [0, 1)");
  EXPECT_EQ(unit_error("unit_type,capacity_mw,mttf_h,mttr_h\nC,10,100,0\n"),
            "2: unit type C: mttr_h must be > 0");
  EXPECT_EQ(unit_error("capacity_mw,mttf_h,mttr_h\n10,-5,10\n"), "2: mttf_h must be > 0");
  EXPECT_EQ(unit_error("capacity_mw,units,forced_outage_rate\n10,1.5,0.1\n"),
            "2: units must be a positive integer");
  EXPECT_EQ(unit_error("capacity_mw,forced_outage_rate\nten,0.1\n"),
            "2: capacity_mw 'ten' is not a number");
  EXPECT_EQ(unit_error("capacity_mw,forced_outage_rate,mttf_h,mttr_h\n10,0.05,2940,60\n"),
            "2: forced_outage_rate 0.05 but MTTR/(MTTF+MTTR) = 0.020000");
  EXPECT_EQ(unit_error("capacity_mw\n10\n"), "1: needs forced_outage_rate or mttf_h and mttr_h");
  EXPECT_EQ(unit_error("capacity_mw,forced_outage_rate\n10\n"), "2: 1 cells, the header has 2");
  try {
    gat::io::read_unit_types(dir_);
    ADD_FAILURE() << "a folder was read as a unit table";
  } catch (const gat::InputError& e) {
    EXPECT_EQ(e.message(), "cannot read: is a directory");
  }
  try {
    gat::io::read_unit_types(dir_ / "nosuch.csv");
    ADD_FAILURE() << "a missing file was read";
  } catch (const gat::InputError& e) {
    EXPECT_EQ(e.message(), "cannot read: no such file or directory");
  }
}

std::string hourly_csv(std::size_t rows) {
  std::string s = "hour,winter_weekday,winter_weekend\n";
  for (std::size_t h = 0; h < rows; ++h)
    s += std::to_string(h) + "," + (h == 18 ? "100" : "50") + "," + (h == 12 ? "100" : "40") + "\n";
  return s;
}

TEST_F(AdequacyInputs, WeeklyLoadModel) {
  write("weekly_peak.csv", "week,percent_of_annual_peak,season\n1,80,winter\n2,100,winter\n");
  write("daily_peak.csv",
        "day,percent_of_weekly_peak,day_type\nmon,90,weekday\ntue,100,weekday\nwed,90,weekday\n"
        "thu,90,weekday\nfri,90,weekday\nsat,70,weekend\nsun,60,weekend\n");
  write("hourly_peak.csv", hourly_csv(24));
  const auto m = gat::io::read_weekly_load_model(dir_, 1000);
  const auto peaks = gat::adequacy::daily_peak_mw(m);
  ASSERT_EQ(peaks.size(), 14u);
  EXPECT_DOUBLE_EQ(peaks[0], 1000 * 0.8 * 0.9);
  EXPECT_DOUBLE_EQ(peaks[8], 1000.0);
  const auto load = gat::adequacy::hourly_load_mw(m);
  ASSERT_EQ(load.size(), 14u * 24);
  EXPECT_DOUBLE_EQ(load[18], 720.0);                           // Monday 18:00 of week 1
  EXPECT_DOUBLE_EQ(load[5 * 24 + 3], 1000 * 0.8 * 0.7 * 0.4);  // Saturday 03:00
  EXPECT_DOUBLE_EQ(load[(7 + 6) * 24 + 12], 600.0);            // Sunday noon of week 2
}

TEST_F(AdequacyInputs, LoadTablesOfTheWrongLength) {
  write("weekly_peak.csv", "week,percent_of_annual_peak,season\n1,80,winter\n");
  write("daily_peak.csv", "day,percent_of_weekly_peak,day_type\nmon,90,weekday\n");
  write("hourly_peak.csv", hourly_csv(24));
  EXPECT_THROW(gat::io::read_weekly_load_model(dir_, 1000), gat::InputError);
  write("daily_peak.csv",
        "day,percent_of_weekly_peak,day_type\nmon,90,weekday\ntue,100,weekday\nwed,90,weekday\n"
        "thu,90,weekday\nfri,90,weekday\nsat,70,weekend\nsun,60,holiday\n");
  try {
    gat::io::read_weekly_load_model(dir_, 1000);
    ADD_FAILURE() << "a bad day type was accepted";
  } catch (const gat::InputError& e) {
    EXPECT_EQ(e.line(), 8u);
  }
  write("daily_peak.csv",
        "day,percent_of_weekly_peak,day_type\nmon,90,weekday\ntue,100,weekday\nwed,90,weekday\n"
        "thu,90,weekday\nfri,90,weekday\nsat,70,weekend\nsun,60,weekend\n");
  write("hourly_peak.csv", hourly_csv(23));
  EXPECT_THROW(gat::io::read_weekly_load_model(dir_, 1000), gat::InputError);
  write("hourly_peak.csv", "hour,summer_weekday,summer_weekend\n0,1,1\n");  // no winter columns
  EXPECT_THROW(gat::io::read_weekly_load_model(dir_, 1000), gat::InputError);
}

TEST_F(AdequacyInputs, HourlyLoad) {
  const auto load =
      gat::io::read_hourly_load(write("load.csv", "hour,load_mw\n0,10\n1,12.5\n2,11\n"));
  EXPECT_EQ(load, (std::vector<double>{10, 12.5, 11}));
  const auto error = [&](const std::string& text) {
    try {
      gat::io::read_hourly_load(write("load.csv", text));
    } catch (const gat::InputError& e) {
      return std::to_string(e.line()) + ": " + e.message();
    }
    return std::string("no error");
  };
  EXPECT_EQ(error("hour,load_mw\n0,10\n2,12\n"),
            "3: hour 2, expected 1 (hours 0, 1, ... in order, none missing)");
  EXPECT_EQ(error("hour,load_mw\n0,10\n1,-3\n"), "3: load_mw must be a finite number >= 0");
  EXPECT_EQ(error("hour,load_mw\n"), "0: no hours");
}

TEST_F(AdequacyInputs, Renewables) {
  const std::string head = "plant,capacity_mw,weather_year,hour,capacity_factor\n";
  const auto r = gat::io::read_renewables(
      write("re.csv", head + "pv,100,2019,0,0\npv,100,2019,1,0.5\npv,100,2020,0,0.25\n"
                             "pv,100,2020,1,1\nwind,50,2019,0,0.3\nwind,50,2019,1,0.4\n"
                             "wind,50,2020,0,0.1\nwind,50,2020,1,0.2\n"),
      2);
  EXPECT_EQ(r.weather_years, (std::vector<std::string>{"2019", "2020"}));
  ASSERT_EQ(r.plants.size(), 2u);
  EXPECT_EQ(r.plants[1].name, "wind");
  EXPECT_EQ(r.plants[1].capacity_mw, 50.0);
  EXPECT_EQ(r.plants[0].capacity_factor[1], (std::vector<double>{0.25, 1}));
  EXPECT_EQ(r.capacity_mw(), 150.0);
  const auto error = [&](const std::string& rows, std::size_t hours = 2) {
    try {
      gat::io::read_renewables(write("re.csv", head + rows), hours);
    } catch (const gat::InputError& e) {
      EXPECT_NE(e.file().find("re.csv"), std::string::npos);
      return std::to_string(e.line()) + ": " + e.message();
    }
    return std::string("no error");
  };
  EXPECT_EQ(error("pv,100,1,0,0\npv,100,1,1,1.2\n"),
            "3: plant pv: capacity_factor 1.2 is outside [0, 1]");
  EXPECT_EQ(error("pv,100,1,0,0\npv,100,1,1,-0.1\n"),
            "3: plant pv: capacity_factor -0.1 is outside [0, 1]");
  EXPECT_EQ(error("pv,100,1,0,nan\npv,100,1,1,0\n"),
            "2: plant pv: capacity_factor nan is outside [0, 1]");
  EXPECT_EQ(error("pv,100,1,0,0\npv,100,1,2,0\n"),
            "3: plant pv, weather year 1: hour 2, expected 1 (hours 0, 1, ... in order, none "
            "missing)");
  EXPECT_EQ(error("pv,100,1,0,0\npv,100,1,1,0\n", 3),
            "3: plant pv, weather year 1: 2 hours, the load has 3");
  EXPECT_EQ(error("pv,100,1,0,0\npv,90,1,1,0\n"),
            "3: plant pv: capacity_mw 90 differs from its first row's");
  EXPECT_EQ(error("pv,100,1,0,0\npv,100,1,1,0\nw,5,2,0,0\nw,5,2,1,0\n"),
            "0: plant w has other weather years than plant pv (every plant needs the same, in "
            "order)");
  EXPECT_EQ(error(""), "0: no plants");
}

TEST(WeeklyLoadModel, DailyPeaksOfAProfile) {
  std::vector<double> load(48, 1.0);
  load[17] = 5;
  load[24] = 7;
  EXPECT_EQ(gat::adequacy::daily_peak_mw(load), (std::vector<double>{5, 7}));
  load.pop_back();
  EXPECT_THROW(gat::adequacy::daily_peak_mw(load), gat::ModelError);
}

TEST(WeeklyLoadModel, ValidateNamesTheWeek) {
  gat::adequacy::WeeklyLoadModel m;
  m.annual_peak_mw = 100;
  m.weekly_peak_pct = {90, -1};
  m.week_season = {0, 0};
  m.season_names = {"all"};
  m.weekday_hourly_pct.resize(1);
  m.weekend_hourly_pct.resize(1);
  try {
    m.validate();
    ADD_FAILURE() << "a negative weekly peak was accepted";
  } catch (const gat::ModelError& e) {
    EXPECT_EQ(e.element(), "week 2");
  }
  m.weekly_peak_pct = {90, 80};
  m.week_season = {0};
  EXPECT_THROW(m.validate(), gat::ModelError);
}

}  // namespace
