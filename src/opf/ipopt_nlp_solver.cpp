// NlpSolver on Ipopt (3.11 TNLP API, MUMPS): an adapter from NlpProblem to Ipopt::TNLP.
//
// MUMPS, Ipopt's linear solver in Debian, keeps its state in Fortran module variables, so two
// threads inside it at once corrupt each other ("Attempt to DEALLOCATE unallocated
// 'load_flops'", segfaults), even with separate IpoptApplication objects. Every call that can
// reach MUMPS — creating and initializing an application, OptimizeTNLP, and releasing an
// application, whose destructor terminates its MUMPS instance — holds one process-wide mutex,
// so Ipopt solves are serialized whatever the thread count. The mutex is not recursive: a
// problem's callbacks must not use Ipopt themselves.
#include <IpoptConfig.h>
#include <IpIpoptApplication.hpp>
#include <IpSolveStatistics.hpp>
#include <IpTNLP.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <mutex>

#include "gat/core/error.hpp"
#include "gat/opf/nlp_solver.hpp"

namespace gat::opf {

namespace {

using Ipopt::Index;
using Ipopt::Number;

std::mutex& ipopt_mutex() {
  static std::mutex m;
  return m;
}

// Ipopt reads |bound| ≥ 1e19 as "none".
constexpr double kIpoptInf = 2e19;

double to_ipopt(double b) {
  return std::isinf(b) ? std::copysign(kIpoptInf, b) : b;
}

NlpStatus from_ipopt(Ipopt::SolverReturn r) {
  switch (r) {
    case Ipopt::SUCCESS:
      return NlpStatus::kOptimal;
    case Ipopt::STOP_AT_ACCEPTABLE_POINT:
      return NlpStatus::kAcceptable;
    case Ipopt::LOCAL_INFEASIBILITY:
      return NlpStatus::kInfeasible;
    case Ipopt::MAXITER_EXCEEDED:
      return NlpStatus::kIterationLimit;
    case Ipopt::CPUTIME_EXCEEDED:
      return NlpStatus::kTimeLimit;
    default:
      return NlpStatus::kError;
  }
}

class TnlpAdapter final : public Ipopt::TNLP {
 public:
  TnlpAdapter(NlpProblem& problem, NlpResult& result)
      : problem_(problem), result_(result), sizes_(problem.sizes()) {}

  bool get_nlp_info(Index& n, Index& m, Index& nnz_jac_g, Index& nnz_h_lag,
                    IndexStyleEnum& index_style) override {
    n = sizes_.n;
    m = sizes_.m;
    nnz_jac_g = static_cast<Index>(sizes_.nnz_jacobian);
    nnz_h_lag = static_cast<Index>(sizes_.nnz_hessian);
    index_style = C_STYLE;
    return true;
  }

  bool get_bounds_info(Index n, Number* x_l, Number* x_u, Index m, Number* g_l,
                       Number* g_u) override {
    problem_.bounds({x_l, static_cast<std::size_t>(n)}, {x_u, static_cast<std::size_t>(n)},
                    {g_l, static_cast<std::size_t>(m)}, {g_u, static_cast<std::size_t>(m)});
    std::transform(x_l, x_l + n, x_l, to_ipopt);
    std::transform(x_u, x_u + n, x_u, to_ipopt);
    std::transform(g_l, g_l + m, g_l, to_ipopt);
    std::transform(g_u, g_u + m, g_u, to_ipopt);
    return true;
  }

  bool get_starting_point(Index n, bool init_x, Number* x, bool init_z, Number*, Number*, Index,
                          bool init_lambda, Number*) override {
    if (init_z || init_lambda) return false;
    if (init_x) problem_.starting_point({x, static_cast<std::size_t>(n)});
    return true;
  }

  bool eval_f(Index n, const Number* x, bool, Number& obj_value) override {
    obj_value = problem_.objective({x, static_cast<std::size_t>(n)});
    return std::isfinite(obj_value);
  }

  bool eval_grad_f(Index n, const Number* x, bool, Number* grad_f) override {
    problem_.gradient({x, static_cast<std::size_t>(n)}, {grad_f, static_cast<std::size_t>(n)});
    return true;
  }

  bool eval_g(Index n, const Number* x, bool, Index m, Number* g) override {
    problem_.constraints({x, static_cast<std::size_t>(n)}, {g, static_cast<std::size_t>(m)});
    return true;
  }

  bool eval_jac_g(Index n, const Number* x, bool, Index, Index nele_jac, Index* i_row, Index* j_col,
                  Number* values) override {
    const auto nnz = static_cast<std::size_t>(nele_jac);
    if (values == nullptr) {
      problem_.jacobian_structure({i_row, nnz}, {j_col, nnz});
    } else {
      problem_.jacobian_values({x, static_cast<std::size_t>(n)}, {values, nnz});
    }
    return true;
  }

  bool eval_h(Index n, const Number* x, bool, Number obj_factor, Index m, const Number* lambda,
              bool, Index nele_hess, Index* i_row, Index* j_col, Number* values) override {
    const auto nnz = static_cast<std::size_t>(nele_hess);
    if (values == nullptr) {
      problem_.hessian_structure({i_row, nnz}, {j_col, nnz});
    } else {
      problem_.hessian_values({x, static_cast<std::size_t>(n)}, obj_factor,
                              {lambda, static_cast<std::size_t>(m)}, {values, nnz});
    }
    return true;
  }

  void finalize_solution(Ipopt::SolverReturn status, Index n, const Number* x, const Number* z_L,
                         const Number* z_U, Index m, const Number*, const Number* lambda,
                         Number obj_value, const Ipopt::IpoptData*,
                         Ipopt::IpoptCalculatedQuantities*) override {
    result_.status = from_ipopt(status);
    result_.objective = obj_value;
    result_.x.assign(x, x + n);
    result_.z_lower.assign(z_L, z_L + n);
    result_.z_upper.assign(z_U, z_U + n);
    result_.lambda.assign(lambda, lambda + m);
  }

 private:
  NlpProblem& problem_;
  NlpResult& result_;
  NlpSizes sizes_;
};

class IpoptNlpSolver final : public NlpSolver {
 public:
  IpoptNlpSolver() {
    const std::lock_guard lock(ipopt_mutex());
    app_ = IpoptApplicationFactory();
    app_->RethrowNonIpoptException(true);
    auto opts = app_->Options();
    opts->SetIntegerValue("print_level", 0);
    opts->SetStringValue("sb", "yes");  // no banner
    // MUMPS without MC64 permutation and its own scaling: OPF KKT systems are well scaled
    // already, and this halves factorization time (case2869pegase AC-OPF 3.0 s -> 1.7 s CPU,
    // ACTIVSg10k DC QP 3.8 s -> 1.5 s) with the same iterates. --solver-option restores them.
    opts->SetIntegerValue("mumps_permuting_scaling", 0);
    opts->SetIntegerValue("mumps_scaling", 0);
    if (app_->Initialize("") != Ipopt::Solve_Succeeded)
      throw SolverUnavailable("Ipopt failed to initialize");
  }

  ~IpoptNlpSolver() override {
    const std::lock_guard lock(ipopt_mutex());
    app_ = nullptr;
  }
  IpoptNlpSolver(const IpoptNlpSolver&) = delete;
  IpoptNlpSolver& operator=(const IpoptNlpSolver&) = delete;

  void set_option(std::string_view name, std::string_view value) override {
    const std::string key(name), val(value);
    auto option = app_->RegOptions()->GetOption(key);
    if (!Ipopt::IsValid(option)) throw UsageError("Ipopt has no option '" + key + "'");
    bool ok = false;
    try {
      switch (option->Type()) {
        case Ipopt::OT_Number:
          ok = app_->Options()->SetNumericValue(key, std::stod(val));
          break;
        case Ipopt::OT_Integer:
          ok = app_->Options()->SetIntegerValue(key, std::stoi(val));
          break;
        default:
          ok = app_->Options()->SetStringValue(key, val);
          break;
      }
    } catch (const std::logic_error&) {
      ok = false;
    }
    if (!ok) throw UsageError("Ipopt option '" + key + "': bad value '" + val + "'");
  }

  NlpResult solve(NlpProblem& problem) override {
    NlpResult result;
    Ipopt::SmartPtr<Ipopt::TNLP> tnlp = new TnlpAdapter(problem, result);
    const std::lock_guard lock(ipopt_mutex());
    // Re-initializing applies output options (print_level, output_file) set since the last solve.
    if (app_->Initialize("") != Ipopt::Solve_Succeeded) throw UsageError("Ipopt: invalid options");
    const auto t0 = std::chrono::steady_clock::now();
    const auto status = app_->OptimizeTNLP(tnlp);
    result.solve_time_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (Ipopt::IsValid(app_->Statistics()))
      result.iterations = app_->Statistics()->IterationCount();
    result.message = message(status);
    if (result.x.empty()) result.status = NlpStatus::kError;
    return result;
  }

  std::string_view name() const override { return "ipopt"; }

 private:
  static std::string message(Ipopt::ApplicationReturnStatus s) {
    switch (s) {
      case Ipopt::Solve_Succeeded:
        return "optimal";
      case Ipopt::Solved_To_Acceptable_Level:
        return "solved to acceptable level";
      case Ipopt::Infeasible_Problem_Detected:
        return "converged to a point of local infeasibility";
      case Ipopt::Search_Direction_Becomes_Too_Small:
        return "search direction becomes too small";
      case Ipopt::Diverging_Iterates:
        return "iterates diverging";
      case Ipopt::Maximum_Iterations_Exceeded:
        return "maximum number of iterations exceeded";
      case Ipopt::Maximum_CpuTime_Exceeded:
        return "maximum CPU time exceeded";
      case Ipopt::Restoration_Failed:
        return "restoration phase failed";
      case Ipopt::Error_In_Step_Computation:
        return "error in step computation";
      case Ipopt::Invalid_Number_Detected:
        return "invalid number (NaN or Inf) in a function or derivative";
      default:
        return "Ipopt status " + std::to_string(static_cast<int>(s));
    }
  }

  Ipopt::SmartPtr<Ipopt::IpoptApplication> app_;
};

}  // namespace

std::string_view to_string(NlpStatus status) {
  switch (status) {
    case NlpStatus::kOptimal:
      return "optimal";
    case NlpStatus::kAcceptable:
      return "acceptable";
    case NlpStatus::kInfeasible:
      return "infeasible";
    case NlpStatus::kIterationLimit:
      return "iteration_limit";
    case NlpStatus::kTimeLimit:
      return "time_limit";
    case NlpStatus::kError:
      return "error";
  }
  return "unknown";
}

std::unique_ptr<NlpSolver> make_nlp_solver(std::string_view backend) {
  if (backend == "ipopt") return std::make_unique<IpoptNlpSolver>();
  throw SolverUnavailable("NLP solver '" + std::string(backend) +
                          "' is not compiled in (have: ipopt)");
}

std::vector<std::string> nlp_solver_backends() {
  return {"ipopt"};
}

std::string nlp_solver_version(std::string_view backend) {
  return backend == "ipopt" ? std::string(IPOPT_VERSION) : std::string();
}

}  // namespace gat::opf
