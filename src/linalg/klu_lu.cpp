// SparseLu on SuiteSparse KLU: AMD/COLAMD ordering and block triangular form in analyze(),
// partial pivoting in factor(), pivot reuse in refactor().
#include <klu.h>

#include <algorithm>
#include <cmath>

#include "gat/core/error.hpp"
#include "gat/linalg/sparse_lu.hpp"

namespace gat::linalg {

namespace {

// Below this reciprocal pivot growth estimate a refactorization with old pivots is not trusted.
constexpr double kRefactorRcondFloor = 1e-13;

class KluLu final : public SparseLu {
 public:
  KluLu() {
    klu_defaults(&common_);
    common_.scale = 2;  // max-abs row scaling, as MATLAB's and lightsim2grid's KLU use
    // Network matrices of one island are one strongly connected block: BTF finds nothing and
    // costs a sizeable share of the analysis.
    common_.btf = 0;
  }
  ~KluLu() override { release(); }
  KluLu(const KluLu&) = delete;
  KluLu& operator=(const KluLu&) = delete;

  void analyze(const CscMatrix& pattern) override {
    if (pattern.n_rows != pattern.n_cols) throw UsageError("KLU: matrix is not square");
    release();
    n_ = pattern.n_rows;
    col_ptr_ = pattern.col_ptr;
    row_idx_ = pattern.row_idx;
    symbolic_ = klu_analyze(n_, col_ptr_.data(), row_idx_.data(), &common_);
    if (!symbolic_)
      throw Error("KLU analyze failed (status " + std::to_string(common_.status) + ")");
  }

  FactorStatus factor(std::span<const double> values) override {
    check_values(values);
    free_numeric();
    numeric_ = klu_factor(col_ptr_.data(), row_idx_.data(), const_cast<double*>(values.data()),
                          symbolic_, &common_);
    if (!numeric_) return status_from_common();
    return rcond() > 0.0 ? FactorStatus::kOk : FactorStatus::kSingular;
  }

  FactorStatus refactor(std::span<const double> values) override {
    check_values(values);
    if (!numeric_) return factor(values);
    const int ok = klu_refactor(col_ptr_.data(), row_idx_.data(),
                                const_cast<double*>(values.data()), symbolic_, numeric_, &common_);
    if (!ok || rcond() < kRefactorRcondFloor) return factor(values);
    return FactorStatus::kOk;
  }

  void solve(std::span<double> rhs, int n_rhs) override {
    check_solve(rhs, n_rhs);
    klu_solve(symbolic_, numeric_, n_, n_rhs, rhs.data(), &common_);
  }

  void solve_transposed(std::span<double> rhs, int n_rhs) override {
    check_solve(rhs, n_rhs);
    klu_tsolve(symbolic_, numeric_, n_, n_rhs, rhs.data(), &common_);
  }

  LuFactors extract_factors() override {
    if (!numeric_) throw UsageError("KLU: extract_factors() without a successful factorization");
    LuFactors f;
    f.n = n_;
    const auto nblocks = static_cast<std::size_t>(symbolic_->nblocks);
    auto shape = [&](CscMatrix& m, int nnz) {
      m.n_rows = m.n_cols = n_;
      m.col_ptr.resize(static_cast<std::size_t>(n_) + 1);
      m.row_idx.resize(static_cast<std::size_t>(nnz));
      m.values.resize(static_cast<std::size_t>(nnz));
    };
    shape(f.l, numeric_->lnz);
    shape(f.u, numeric_->unz);
    shape(f.f, numeric_->nzoff);
    f.p.resize(static_cast<std::size_t>(n_));
    f.q.resize(static_cast<std::size_t>(n_));
    f.rs.resize(static_cast<std::size_t>(n_));
    f.blocks.resize(nblocks + 1);
    const int ok =
        klu_extract(numeric_, symbolic_, f.l.col_ptr.data(), f.l.row_idx.data(), f.l.values.data(),
                    f.u.col_ptr.data(), f.u.row_idx.data(), f.u.values.data(), f.f.col_ptr.data(),
                    f.f.row_idx.data(), f.f.values.data(), f.p.data(), f.q.data(), f.rs.data(),
                    f.blocks.data(), &common_);
    if (!ok) throw Error("KLU extract failed (status " + std::to_string(common_.status) + ")");
    if (!numeric_->Rs) std::fill(f.rs.begin(), f.rs.end(), 1.0);
    return f;
  }

  double rcond() override {
    if (!numeric_) return 0.0;
    if (!klu_rcond(symbolic_, numeric_, &common_)) return 0.0;
    return std::isfinite(common_.rcond) ? common_.rcond : 0.0;
  }

  std::string_view name() const override { return "klu"; }

 private:
  void check_values(std::span<const double> values) const {
    if (!symbolic_) throw UsageError("KLU: factor() before analyze()");
    if (values.size() != row_idx_.size())
      throw UsageError("KLU: value count does not match pattern");
  }
  void check_solve(std::span<double> rhs, int n_rhs) const {
    if (!numeric_) throw UsageError("KLU: solve() without a successful factorization");
    if (rhs.size() != static_cast<std::size_t>(n_) * static_cast<std::size_t>(n_rhs)) {
      throw UsageError("KLU: right-hand side has the wrong size");
    }
  }
  FactorStatus status_from_common() const {
    return common_.status == KLU_SINGULAR ? FactorStatus::kSingular : FactorStatus::kIllConditioned;
  }
  void free_numeric() {
    if (numeric_) klu_free_numeric(&numeric_, &common_);
  }
  void release() {
    free_numeric();
    if (symbolic_) klu_free_symbolic(&symbolic_, &common_);
  }

  klu_common common_{};
  klu_symbolic* symbolic_ = nullptr;
  klu_numeric* numeric_ = nullptr;
  int n_ = 0;
  std::vector<std::int32_t> col_ptr_;
  std::vector<std::int32_t> row_idx_;
};

}  // namespace

std::unique_ptr<SparseLu> make_sparse_lu(std::string_view backend) {
  if (backend == "klu") return std::make_unique<KluLu>();
  throw SolverUnavailable("sparse LU back end '" + std::string(backend) +
                          "' is not built in (have: klu)");
}

std::vector<std::string> sparse_lu_backends() {
  return {"klu"};
}

std::string klu_version() {
  return std::to_string(KLU_MAIN_VERSION) + "." + std::to_string(KLU_SUB_VERSION) + "." +
         std::to_string(KLU_SUBSUB_VERSION);
}

}  // namespace gat::linalg
