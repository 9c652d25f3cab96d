#include <catch2/catch.hpp>
#include <algorithm>
#include <cctype>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <string>
#include <vector>

#include "core/input_error.hpp"
#include "core/matrix_product.hpp"
#include "core/random_stream.hpp"

using namespace arbiter::core;

namespace {

// Every backend this build and processor can run, the portable one first; the limit is restored after.
std::vector<MatrixProductBackend> available_backends() {
  limit_matrix_product_backend(MatrixProductBackend::avx512);
  const MatrixProductBackend best = matrix_product_backend();
  limit_matrix_product_backend(MatrixProductBackend::avx2);  // the default cap again
  std::vector<MatrixProductBackend> out;
  for (auto b : {MatrixProductBackend::portable, MatrixProductBackend::avx2, MatrixProductBackend::avx512})
    if (b <= best) out.push_back(b);
  return out;
}

struct BackendLimit {
  explicit BackendLimit(MatrixProductBackend b) { limit_matrix_product_backend(b); }
  ~BackendLimit() { limit_matrix_product_backend(MatrixProductBackend::avx2); }  // the default cap
};

template <class S> std::vector<S> random_array(std::size_t n, std::uint64_t stream) {
  RandomStream r(2024, stream);
  std::vector<S> v(n);
  for (auto& x : v) x = static_cast<S>(r.uniform(-1.0, 1.0));
  return v;
}

// Column-major C = alpha op(A) op(B) + beta C by the triple loop in long double, and the bound
// 4 (k + 2) eps (|alpha| sum |a||b| + |beta c|) on a correctly computed entry's error.
template <class S>
void naive(bool ta, bool tb, long m, long n, long k, S alpha, const std::vector<S>& a, long lda,
           const std::vector<S>& b, long ldb, S beta, const std::vector<S>& c, long ldc, std::vector<long double>& out,
           std::vector<long double>& bound) {
  out.assign(c.begin(), c.end());
  bound.assign(c.size(), 0.0L);
  const long double eps = std::numeric_limits<S>::epsilon();
  for (long j = 0; j < n; ++j)
    for (long i = 0; i < m; ++i) {
      long double s = 0, abs_sum = 0;
      for (long l = 0; l < k; ++l) {
        const long double x = ta ? a[i * lda + l] : a[l * lda + i];
        const long double y = tb ? b[l * ldb + j] : b[j * ldb + l];
        s += x * y;
        abs_sum += std::fabs(x * y);
      }
      const long double old = beta == S(0) ? 0.0L : static_cast<long double>(beta) * c[j * ldc + i];
      out[j * ldc + i] = static_cast<long double>(alpha) * s + old;
      bound[j * ldc + i] = 4 * (k + 2) * eps * (std::fabs(static_cast<long double>(alpha)) * abs_sum + std::fabs(old));
    }
}

struct Shape {
  long m, n, k;
};

template <class S> void check_against_naive(Shape s, bool ta, bool tb, S alpha, S beta, long pad, int threads) {
  const long lda = (ta ? s.k : s.m) + pad, ldb = (tb ? s.n : s.k) + pad, ldc = s.m + pad;
  const auto a = random_array<S>(static_cast<std::size_t>(lda * (ta ? s.m : s.k)), 1);
  const auto b = random_array<S>(static_cast<std::size_t>(ldb * (tb ? s.k : s.n)), 2);
  const auto c0 = random_array<S>(static_cast<std::size_t>(ldc * s.n), 3);
  auto c = c0;
  if (beta == S(0) && !c.empty()) c[0] = std::numeric_limits<S>::quiet_NaN();  // ignored when beta = 0
  std::vector<long double> want, bound;
  naive<S>(ta, tb, s.m, s.n, s.k, alpha, a, lda, b, ldb, beta, c, ldc, want, bound);
  gemm<S>(ta ? Op::transpose : Op::none, tb ? Op::transpose : Op::none, s.m, s.n, s.k, alpha, a.data(), lda,
          b.data(), ldb, beta, c.data(), ldc, threads);
  long bad = -1;  // the first entry outside its bound
  for (long j = 0; j < s.n && bad < 0; ++j)
    for (long i = 0; i < s.m; ++i) {
      const auto at = static_cast<std::size_t>(j * ldc + i);
      if (!(std::fabs(static_cast<long double>(c[at]) - want[at]) <= bound[at])) {
        bad = j * s.m + i;
        break;
      }
    }
  INFO(s.m << " x " << s.n << " x " << s.k << ", ta " << ta << " tb " << tb << ", alpha " << alpha << " beta "
            << beta << ": first bad entry (column-major index) " << bad);
  REQUIRE(bad == -1);
  for (long j = 0; j < s.n; ++j)  // the padding rows of C are left alone
    for (long i = s.m; i < ldc; ++i)
      REQUIRE(c[static_cast<std::size_t>(j * ldc + i)] == c0[static_cast<std::size_t>(j * ldc + i)]);
}

template <class S> void check_all_cases() {
  const Shape shapes[] = {{1, 1, 1}, {7, 13, 5}, {13, 7, 5}, {1, 9, 17}, {9, 1, 17}, {17, 33, 9}, {31, 49, 67},
                          {65, 3, 129}, {50, 70, 300}, {600, 700, 11}, {700, 520, 12},
                          {5, 300, 130}, {17, 600, 128}};  // the last two: a wide B^T moved to the left
  for (auto backend : available_backends()) {
    BackendLimit limit(backend);
    INFO("backend " << matrix_product_backend_name(backend));
    for (const Shape& s : shapes)
      for (int t = 0; t < 4; ++t) {
        check_against_naive<S>(s, t & 1, t & 2, S(1), S(0), 0, 1);
        check_against_naive<S>(s, t & 1, t & 2, S(-0.75), S(1), 3, 1);
        check_against_naive<S>(s, t & 1, t & 2, S(2), S(-0.5), 1, 2);
      }
  }
}

}  // namespace

TEST_CASE("gemm equals the triple loop on odd shapes, transposes, alpha, beta and padded arrays",
          "[core][gemm]") {
  check_all_cases<float>();
  check_all_cases<double>();
}

TEST_CASE("gemm with k = 0 scales C by beta, and alpha = 0 leaves beta C", "[core][gemm]") {
  for (auto backend : available_backends()) {
    BackendLimit limit(backend);
    std::vector<double> a(6, 1.0), b(6, 1.0), c = {1, 2, 3, 4, 5, 6};
    gemm<double>(Op::none, Op::none, 2, 3, 0, 1.0, a.data(), 2, b.data(), 1, 3.0, c.data(), 2);
    CHECK(c == std::vector<double>{3, 6, 9, 12, 15, 18});
    gemm<double>(Op::none, Op::none, 2, 3, 2, 0.0, a.data(), 2, b.data(), 2, 0.5, c.data(), 2);
    CHECK(c == std::vector<double>{1.5, 3, 4.5, 6, 7.5, 9});
  }
}

TEST_CASE("gemm_rows and batch_product are the row-major products", "[core][gemm]") {
  for (auto backend : available_backends()) {
    BackendLimit limit(backend);
    Batch<double> A = Batch<double>::Random(7, 5), B = Batch<double>::Random(5, 13), Bt = B.transpose();
    Batch<double> C = Batch<double>::Random(7, 13), want = 0.5 * C + 2.0 * A * B;
    batch_product<double>(A, Op::none, Bt, Op::transpose, 2.0, 0.5, C);
    CHECK((C - want).cwiseAbs().maxCoeff() < 1e-13);
    Batch<float> At = Batch<float>::Random(5, 7), Bf = Batch<float>::Random(5, 13), Cf(7, 13);
    batch_product<float>(At, Op::transpose, Bf, Op::none, 1.0f, 0.0f, Cf);
    const Batch<float> wantf = At.transpose() * Bf;
    CHECK((Cf - wantf).cwiseAbs().maxCoeff() < 1e-5f);
    // A row-major view with a row stride larger than its width: the left 4 columns of a 7 x 6 array.
    Batch<double> wide = Batch<double>::Random(7, 6), Cv(7, 3), Bs = Batch<double>::Random(4, 3);
    gemm_rows<double>(Op::none, Op::none, 7, 3, 4, 1.0, wide.data(), 6, Bs.data(), 3, 0.0, Cv.data(), 3);
    const Batch<double> wantv = wide.leftCols(4) * Bs;
    CHECK((Cv - wantv).cwiseAbs().maxCoeff() < 1e-13);
  }
}

TEST_CASE("gemm gives the same bits on 1 and 2 threads (C cut into fixed blocks)", "[core][gemm]") {
  for (auto backend : available_backends()) {
    BackendLimit limit(backend);
    for (const Shape s : {Shape{300, 1100, 40}, Shape{1300, 200, 33}, Shape{64, 2000, 128}})
      for (const Op op_b : {Op::none, Op::transpose}) {
        const long ldb = op_b == Op::none ? s.k : s.n;
        const auto a = random_array<float>(static_cast<std::size_t>(s.m * s.k), 4);
        const auto b = random_array<float>(static_cast<std::size_t>(s.k * s.n), 5);
        std::vector<float> c1(static_cast<std::size_t>(s.m * s.n), 1.0f), c2 = c1, c0 = c1;
        gemm<float>(Op::none, op_b, s.m, s.n, s.k, 1.5f, a.data(), s.m, b.data(), ldb, 0.25f, c1.data(), s.m, 1);
        gemm<float>(Op::none, op_b, s.m, s.n, s.k, 1.5f, a.data(), s.m, b.data(), ldb, 0.25f, c2.data(), s.m, 2);
        CHECK(c1 == c2);
        CHECK(c1 != c0);
      }
  }
}

TEST_CASE("the portable fallback can be forced and the AVX2 copy is chosen by default, AVX-512 only when asked",
          "[core][gemm]") {
  const auto backends = available_backends();
  const MatrixProductBackend by_default = std::min(backends.back(), MatrixProductBackend::avx2);
  if (!std::getenv("ARBITER_GEMM")) CHECK(matrix_product_backend() == by_default);
  {
    BackendLimit limit(MatrixProductBackend::portable);
    CHECK(matrix_product_backend() == MatrixProductBackend::portable);
    CHECK(matrix_product_backend_name(matrix_product_backend()) == "portable");
  }
  if (!std::getenv("ARBITER_GEMM")) CHECK(matrix_product_backend() == by_default);
#if defined(__x86_64__) && !defined(__AVX512F__)
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && !std::getenv("ARBITER_GEMM") &&
      !std::getenv("ARBITER_AVX2"))
    CHECK(backends.back() != MatrixProductBackend::portable);
#endif
}

TEST_CASE("gemm rejects negative sizes, short leading dimensions and C overlapping an input", "[core][gemm]") {
  std::vector<float> a(64, 1.0f), b(64, 1.0f), c(64, 0.0f);
  auto argument_of = [](auto&& call) {
    try {
      call();
    } catch (const ArgumentError& e) {
      return e.argument();
    }
    return std::string("nothing thrown");
  };
  // gemm(op_a, op_b, m, n, k, lda, ldb, C, ldc) with A = a, B = b, alpha 1, beta 0.
  auto call = [&](Op op_a, Op op_b, long m, long n, long k, long lda, long ldb, float* out, long ldc) {
    return argument_of([&] { gemm<float>(op_a, op_b, m, n, k, 1, a.data(), lda, b.data(), ldb, 0, out, ldc); });
  };
  const Op N = Op::none, T = Op::transpose;
  CHECK(call(N, N, -1, 2, 2, 2, 2, c.data(), 2) == "m");
  CHECK(call(N, N, 2, -2, 2, 2, 2, c.data(), 2) == "n");
  CHECK(call(N, N, 2, 2, -1, 2, 2, c.data(), 2) == "k");
  CHECK(call(N, N, 3, 2, 2, 2, 2, c.data(), 3) == "lda");
  CHECK(call(T, N, 3, 2, 4, 3, 4, c.data(), 3) == "lda");
  CHECK(call(N, T, 2, 3, 2, 2, 2, c.data(), 2) == "ldb");
  CHECK(call(N, N, 3, 2, 2, 3, 2, c.data(), 2) == "ldc");
  CHECK(call(N, N, 2, 2, 2, 2, 2, a.data() + 3, 2) == "C");
  CHECK(call(N, N, 2, 2, 2, 2, 2, b.data(), 2) == "C");
  // Adjacent but not overlapping arrays are fine: A is a[0..4), C is a[4..8).
  CHECK(call(N, N, 2, 2, 2, 2, 2, a.data() + 4, 2) == "nothing thrown");
  CHECK(a[4] == 2.0f);
  Batch<float> A(2, 3), B(4, 2), C(2, 2);
  CHECK(argument_of([&] { batch_product<float>(A, Op::none, B, Op::none, 1, 0, C); }) == "B");
  Batch<float> B3(3, 5);
  CHECK(argument_of([&] { batch_product<float>(A, Op::none, B3, Op::none, 1, 0, C); }) == "C");
}

#if defined(__x86_64__) && !defined(__AVX512F__)
// The AVX copies define no symbol another file could pick up in place of the portable code: every function
// they define is in their own renamed Eigen namespace or in core's gemm_kernels::avx2 / ::avx512.
TEST_CASE("the AVX copies of the product share no inline or template symbol with the portable code",
          "[core][gemm][symbols]") {
  for (const std::string name : {"matrix_product_avx2", "matrix_product_avx512"}) {
    const std::string object =
        std::string(ARBITER_BINARY_DIR) + "/core/CMakeFiles/arbiter_core.dir/" + name + ".cpp.o";
    REQUIRE(std::filesystem::exists(object));
    FILE* pipe = popen(("nm -C --defined-only '" + object + "'").c_str(), "r");
    REQUIRE(pipe != nullptr);
    std::string line;
    int ours = 0, eigen = 0;
    std::vector<std::string> foreign;
    for (int ch; (ch = std::fgetc(pipe)) != EOF;) {
      if (ch != '\n') {
        line.push_back(static_cast<char>(ch));
        continue;
      }
      const std::string sym = line.size() > 19 ? line.substr(19) : "";
      const char type = line.size() > 17 ? line[17] : '?';
      line.clear();
      if (sym.find("EigenAvx") != std::string::npos) ++eigen;
      else if (sym.find("arbiter::core::gemm_kernels::avx") == 0 ||
               sym.find("void arbiter::core::gemm_kernels::avx") == 0)
        ++ours;
      // Only global and weak symbols can be shared between object files; local ones (lowercase t, r, b, d:
      // constants, the sanitizer's module constructors) cannot.
      else if (!(std::islower(static_cast<unsigned char>(type)) && type != 'u' && type != 'v' && type != 'w') &&
               sym != "DW.ref.__gxx_personality_v0")
        foreign.push_back(sym);
    }
    CHECK(pclose(pipe) == 0);
    INFO(name);
    CHECK(ours >= 2);
    CHECK(eigen > 0);
    CHECK(foreign.empty());
    for (const auto& f : foreign) UNSCOPED_INFO(f);
  }
}
#endif
