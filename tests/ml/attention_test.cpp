// ml/attention, ml/softmax_of_normals and ml/kernel_regression, and kind ml.attention: the backward pass
// against central finite differences, the causal mask's exact zeros, the exact expectations of a softmax over
// normal scores against their n = 2 closed forms and Monte Carlo, Nadaraya-Watson as attention to 1e-12, ml's
// float kernels (ml/attention_products) against the sums written out and the portable path, and bad configs
// named by JSON path.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <string>

#include "core/config_error.hpp"
#include "core/input_error.hpp"
#include "core/matrix_product.hpp"
#include "core/random_stream.hpp"
#include "core/softmax.hpp"
#include "experiments/config_loader.hpp"
#include "ml/attention.hpp"
#include "ml/attention_products.hpp"
#include "ml/kernel_regression.hpp"
#include "ml/softmax_of_normals.hpp"

using namespace arbiter;
using Batch = core::Batch<double>;
using json = nlohmann::json;

namespace {

Batch normals(core::RandomStream& rng, Eigen::Index r, Eigen::Index c) {
  Batch b(r, c);
  for (Eigen::Index i = 0; i < r; ++i)
    for (Eigen::Index j = 0; j < c; ++j) b(i, j) = rng.normal();
  return b;
}

// L = sum(dO .* O): its gradient with respect to O is dO.
double loss(const Batch& Q, const Batch& K, const Batch& V, const Batch& dO, double scale,
            const ml::AttentionMask& mask, double T) {
  return ml::attention_forward<double>(Q, K, V, scale, mask, T).output.cwiseProduct(dO).sum();
}

std::string argument_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const core::ArgumentError& e) {
    return e.argument();
  }
  return "(no ArgumentError)";
}

experiments::Results run(const experiments::LoadedConfig& cfg) {
  auto exp = experiments::make_experiment(cfg, 1);
  while (!exp->done()) exp->step();
  return exp->finish();
}

std::string config_error_path(json cfg) {
  cfg["kind"] = "ml.attention";
  try {
    run(experiments::resolve_config(std::move(cfg), "bad.json", "."));
  } catch (const core::ConfigError& e) {
    return e.json_path();
  }
  return "(no ConfigError)";
}

}  // namespace

TEST_CASE("attention: the weights are the softmax of Q K^T scale / T and the output is P V", "[ml][attention]") {
  core::RandomStream rng(11);
  const Batch Q = normals(rng, 3, 4), K = normals(rng, 5, 4), V = normals(rng, 5, 2);
  const double scale = ml::attention_scale(4), T = 0.7;
  CHECK(scale == 0.5);
  const auto f = ml::attention_forward<double>(Q, K, V, scale, ml::AttentionMask(), T);
  for (Eigen::Index i = 0; i < 3; ++i) {
    double z = 0.0;
    for (Eigen::Index j = 0; j < 5; ++j) z += std::exp(Q.row(i).dot(K.row(j)) * scale / T);
    for (Eigen::Index j = 0; j < 5; ++j)
      CHECK(f.weights(i, j) == Approx(std::exp(Q.row(i).dot(K.row(j)) * scale / T) / z).epsilon(1e-13));
    CHECK(f.weights.row(i).sum() == Approx(1.0).epsilon(1e-15));
  }
  CHECK((f.output - f.weights * V).cwiseAbs().maxCoeff() == 0.0);
}

TEST_CASE("attention: the hand-written backward pass matches central finite differences", "[ml][attention]") {
  core::RandomStream rng(12);
  const Eigen::Index nq = 4, nk = 6, d = 3, dv = 2;
  Batch Q = normals(rng, nq, d), K = normals(rng, nk, d), V = normals(rng, nk, dv);
  const Batch dO = normals(rng, nq, dv);
  const double scale = ml::attention_scale(d), T = 1.3;
  ml::AttentionMask mask = ml::AttentionMask::Constant(nq, nk, true);
  mask(0, 5) = mask(1, 2) = mask(3, 0) = false;
  for (const bool masked : {false, true}) {
    const ml::AttentionMask m = masked ? mask : ml::AttentionMask();
    const auto f = ml::attention_forward<double>(Q, K, V, scale, m, T);
    const auto g = ml::attention_backward<double>(Q, K, V, f, dO, scale, T);
    const double h = 1e-6;
    auto check = [&](Batch& X, const Batch& grad) {
      for (Eigen::Index i = 0; i < X.rows(); ++i)
        for (Eigen::Index j = 0; j < X.cols(); ++j) {
          const double x = X(i, j);
          X(i, j) = x + h;
          const double up = loss(Q, K, V, dO, scale, m, T);
          X(i, j) = x - h;
          const double down = loss(Q, K, V, dO, scale, m, T);
          X(i, j) = x;
          CHECK(grad(i, j) == Approx((up - down) / (2 * h)).margin(1e-8));
        }
    };
    check(Q, g.dQ);
    check(K, g.dK);
    check(V, g.dV);
  }
}

TEST_CASE("attention: a causal mask gives future keys weight exactly 0 and gradient exactly 0", "[ml][attention]") {
  core::RandomStream rng(13);
  const Eigen::Index L = 9, d = 5;
  const Batch Q = normals(rng, L, d), K = normals(rng, L, d), V = normals(rng, L, d), dO = normals(rng, L, d);
  const ml::AttentionMask mask = ml::causal_mask(L);
  const auto f = ml::attention_forward<double>(Q, K, V, ml::attention_scale(d), mask);
  const auto g = ml::attention_backward<double>(Q, K, V, f, dO, ml::attention_scale(d));
  for (Eigen::Index i = 0; i < L; ++i) {
    Batch one = Batch::Zero(L, d);
    one.row(i) = dO.row(i);
    const auto gi = ml::attention_backward<double>(Q, K, V, f, one, ml::attention_scale(d));
    for (Eigen::Index j = i + 1; j < L; ++j) {
      CHECK(f.weights(i, j) == 0.0);
      CHECK(g.dScores(i, j) == 0.0);
      CHECK(gi.dK.row(j).cwiseAbs().maxCoeff() == 0.0);  // output i does not depend on a later key
      CHECK(gi.dV.row(j).cwiseAbs().maxCoeff() == 0.0);  // nor on a later value
    }
    CHECK(f.weights(i, i) > 0.0);
  }
  CHECK(f.weights(0, 0) == 1.0);
}

TEST_CASE("attention: 600 queries (blocks of queries) equal the formulas in double, float within 1e-4",
          "[ml][attention]") {
  core::RandomStream rng(14);
  const Eigen::Index nq = 600, nk = 520, d = 16, dv = 8;
  const Batch Q = normals(rng, nq, d), K = normals(rng, nk, d), V = normals(rng, nk, dv), dO = normals(rng, nq, dv);
  const double scale = ml::attention_scale(d), T = 0.9, f = scale / T;
  ml::AttentionMask causal = ml::AttentionMask::Constant(nq, nk, true);
  for (Eigen::Index i = 0; i < nq; ++i)
    for (Eigen::Index j = i + 1; j < nk; ++j) causal(i, j) = false;
  for (const bool masked : {false, true}) {
    const ml::AttentionMask mask = masked ? causal : ml::AttentionMask();
    // The reference: every formula written out in double.
    Batch P(nq, nk);
    for (Eigen::Index i = 0; i < nq; ++i) {
      double top = -1e300;
      for (Eigen::Index j = 0; j < nk; ++j)
        if (!masked || mask(i, j)) top = std::max(top, Q.row(i).dot(K.row(j)) * f);
      double z = 0.0;
      for (Eigen::Index j = 0; j < nk; ++j) {
        P(i, j) = !masked || mask(i, j) ? std::exp(Q.row(i).dot(K.row(j)) * f - top) : 0.0;
        z += P(i, j);
      }
      P.row(i) /= z;
    }
    const Batch O = P * V, dV = P.transpose() * dO, dP = dO * V.transpose();
    Batch dS(nq, nk);
    for (Eigen::Index i = 0; i < nq; ++i)
      dS.row(i) = P.row(i).cwiseProduct((dP.row(i).array() - P.row(i).dot(dP.row(i))).matrix());
    const Batch dQ = dS * K * f, dK = dS.transpose() * Q * f;
    const auto fd = ml::attention_forward<double>(Q, K, V, scale, mask, T);
    const auto gd = ml::attention_backward<double>(Q, K, V, fd, dO, scale, T);
    CHECK((fd.weights - P).cwiseAbs().maxCoeff() < 1e-13);
    CHECK((fd.output - O).cwiseAbs().maxCoeff() < 1e-12);
    CHECK((gd.dScores - dS).cwiseAbs().maxCoeff() < 1e-12);
    CHECK((gd.dV - dV).cwiseAbs().maxCoeff() < 1e-12);
    CHECK((gd.dQ - dQ).cwiseAbs().maxCoeff() < 1e-11);
    CHECK((gd.dK - dK).cwiseAbs().maxCoeff() < 1e-11);
    using F = core::Batch<float>;
    const F Qf = Q.cast<float>(), Kf = K.cast<float>(), Vf = V.cast<float>(), dOf = dO.cast<float>();
    const auto ff = ml::attention_forward<float>(Qf, Kf, Vf, static_cast<float>(scale), mask, static_cast<float>(T));
    const auto gf =
        ml::attention_backward<float>(Qf, Kf, Vf, ff, dOf, static_cast<float>(scale), static_cast<float>(T));
    CHECK((ff.weights.cast<double>() - P).cwiseAbs().maxCoeff() < 1e-4);
    CHECK((ff.output.cast<double>() - O).cwiseAbs().maxCoeff() < 1e-4);
    CHECK((gf.dV.cast<double>() - dV).cwiseAbs().maxCoeff() < 1e-4);
    CHECK((gf.dQ.cast<double>() - dQ).cwiseAbs().maxCoeff() < 1e-4);
    CHECK((gf.dK.cast<double>() - dK).cwiseAbs().maxCoeff() < 1e-4);
    if (masked) CHECK(gf.dScores(10, 11) == 0.0f);
  }
}

TEST_CASE("attention products: ml's float kernels equal the sums written out, at every edge of their tiles",
          "[ml][attention]") {
  namespace ap = ml::attention_products;
  if (!ap::available()) {
    WARN("no AVX2 + FMA (or core::gemm capped to portable): ml's attention kernels do not run here");
    return;
  }
  core::RandomStream rng(16);
  using F = core::Batch<float>;
  auto random = [&](Eigen::Index r, Eigen::Index c) { return normals(rng, r, c).cast<float>().eval(); };
  for (const Eigen::Index m : {1, 5, 7})
    for (const Eigen::Index n : {3, 8, 24, 50, 61})
      for (const Eigen::Index depth : {1, 64, 300})  // 300: two runs of at most 256 terms
        for (const bool transposed : {false, true})
          for (const bool accumulate : {false, true}) {
            const F A = random(m, depth), B = transposed ? random(n, depth) : random(depth, n), C0 = random(m, n);
            const ap::PackedB packed(B.data(), depth, n, B.outerStride(), transposed);
            F C = C0;
            ap::product(m, 0.5f, A.data(), A.outerStride(), 1, packed, C.data(), C.outerStride(), accumulate);
            double worst = 0.0;
            for (Eigen::Index i = 0; i < m; ++i)
              for (Eigen::Index j = 0; j < n; ++j) {
                double sum = 0.0, size = 0.0;
                for (Eigen::Index k = 0; k < depth; ++k) {
                  const double b = transposed ? B(j, k) : B(k, j);
                  sum += double(A(i, k)) * b;
                  size += std::abs(double(A(i, k)) * b);
                }
                const double want = 0.5 * sum + (accumulate ? double(C0(i, j)) : 0.0);
                worst = std::max(worst, std::abs(C(i, j) - want) / (0.5 * size + std::abs(C0(i, j)) + 1e-30));
              }
            CHECK(worst < 1e-6);
          }
  // A read through its transpose, and C cut into blocks of rows: the same bits as in one call.
  const F A = random(40, 13), B = random(40, 30);
  const ap::PackedB packed(B.data(), 40, 30, B.outerStride(), false);
  F whole(13, 30), parts(13, 30);
  ap::product(13, 1.0f, A.data(), 1, A.outerStride(), packed, whole.data(), 30, false);
  ap::product(6, 1.0f, A.data(), 1, A.outerStride(), packed, parts.data(), 30, false);
  ap::product(7, 1.0f, A.data() + 6, 1, A.outerStride(), packed, parts.data() + 6 * 30, 30, false);
  CHECK((whole - parts).cwiseAbs().maxCoeff() == 0.0f);
  CHECK((whole.cast<double>() - A.transpose().cast<double>() * B.cast<double>()).cwiseAbs().maxCoeff() < 1e-4);
}

TEST_CASE("attention products: dS = P .* (dO V^T - d) in one pass, exactly 0 where p is 0", "[ml][attention]") {
  namespace ap = ml::attention_products;
  if (!ap::available()) return;
  core::RandomStream rng(17);
  using F = core::Batch<float>;
  const Eigen::Index rows = 9, keys = 37, dv = 64;
  const F dO = normals(rng, rows, dv).cast<float>(), V = normals(rng, keys, dv).cast<float>();
  F P = normals(rng, rows, keys).cast<float>().cwiseAbs();
  P(2, 5) = P(8, 36) = 0.0f;
  Eigen::VectorXf d(rows);
  for (Eigen::Index i = 0; i < rows; ++i) d[i] = static_cast<float>(rng.normal());
  const ap::PackedB Vt(V.data(), dv, keys, V.outerStride(), true);
  F dS(rows, keys);
  ap::softmax_jvp_product(rows, 1.0f, dO.data(), dO.outerStride(), 1, Vt, P.data(), P.outerStride(), d.data(),
                          dS.data(), dS.outerStride());
  const Eigen::MatrixXd dP = dO.cast<double>() * V.cast<double>().transpose();
  for (Eigen::Index i = 0; i < rows; ++i)
    for (Eigen::Index j = 0; j < keys; ++j)
      CHECK(dS(i, j) == Approx(P(i, j) * (dP(i, j) - d[i])).margin(2e-5));
  CHECK(dS(2, 5) == 0.0f);
  CHECK(dS(8, 36) == 0.0f);
}

TEST_CASE("attention: float with ml's kernels agrees with float through core::gemm's portable products",
          "[ml][attention]") {
  core::RandomStream rng(18);
  using F = core::Batch<float>;
  const Eigen::Index nq = 300, nk = 270, d = 64;
  const F Q = normals(rng, nq, d).cast<float>(), K = normals(rng, nk, d).cast<float>(),
          V = normals(rng, nk, d).cast<float>(), dO = normals(rng, nq, d).cast<float>();
  const float scale = static_cast<float>(ml::attention_scale(d));
  const auto run_pass = [&] {
    const auto f = ml::attention_forward<float>(Q, K, V, scale, ml::causal_mask(nq).leftCols(nk), 0.8f);
    return std::make_pair(f, ml::attention_backward<float>(Q, K, V, f, dO, scale, 0.8f));
  };
  const auto [f1, g1] = run_pass();
  const core::MatrixProductBackend backend = core::matrix_product_backend();
  core::limit_matrix_product_backend(core::MatrixProductBackend::portable);
  CHECK_FALSE(ml::attention_products::available());
  const auto [f2, g2] = run_pass();
  core::limit_matrix_product_backend(backend);
  CHECK((f1.weights - f2.weights).cwiseAbs().maxCoeff() < 1e-6f);
  CHECK((f1.output - f2.output).cwiseAbs().maxCoeff() < 1e-5f);
  CHECK((g1.dScores - g2.dScores).cwiseAbs().maxCoeff() < 1e-5f);
  CHECK((g1.dQ - g2.dQ).cwiseAbs().maxCoeff() < 1e-5f);
  CHECK((g1.dK - g2.dK).cwiseAbs().maxCoeff() < 1e-5f);
  CHECK((g1.dV - g2.dV).cwiseAbs().maxCoeff() < 1e-5f);
  CHECK(g1.dScores(3, 4) == 0.0f);  // a hidden key: gradient exactly 0 on both paths
  CHECK(g2.dScores(3, 4) == 0.0f);
}

TEST_CASE("attention: bad arguments are named", "[ml][attention]") {
  const Batch Q = Batch::Ones(2, 3), K = Batch::Ones(4, 3), V = Batch::Ones(4, 1);
  CHECK(argument_of([] { ml::attention_scale(0); }) == "d_k");
  ml::AttentionMask hide = ml::AttentionMask::Constant(2, 4, true);
  hide.row(1).setConstant(false);
  CHECK(argument_of([&] { ml::attention_forward<double>(Q, K, V, 1.0, hide); }) == "mask");
  CHECK(argument_of([&] { ml::attention_forward<double>(Q, K, V, 1.0, ml::AttentionMask(), 0.0); }) == "temperature");
  CHECK(argument_of([&] { ml::attention_forward<double>(Q, K, V, -1.0); }) == "scale");
  CHECK(argument_of([&] { ml::attention_forward<double>(Q, Batch::Ones(4, 2), V, 1.0); }) == "K");
  CHECK(argument_of([&] { ml::attention_forward<double>(Q, K, Batch::Ones(3, 1), 1.0); }) == "V");
}

TEST_CASE("softmax of normal scores: n = 2 has the closed forms E[sigmoid(sqrt2 sigma |z|)] and relatives",
          "[ml][attention]") {
  // p_max = sigmoid(sqrt(2) sigma |z|): E[p_max], E[h(p_max)] and E[2 p (1 - p)] by a fine midpoint rule.
  for (const double sigma : {0.3, 1.0, 3.0, 64.0}) {
    double m = 0.0, h = 0.0, t = 0.0;
    const double dz = 1e-5;
    for (double z = dz / 2; z < 10.0; z += dz) {
      const double w = 2.0 * dz * std::exp(-0.5 * z * z) / std::sqrt(2.0 * M_PI);
      const double p = core::sigmoid(std::sqrt(2.0) * sigma * z), q = 1.0 - p;
      m += w * p;
      h += w * (-p * std::log(p) - (q > 0.0 ? q * std::log(q) : 0.0));
      t += w * 2.0 * p * q;
    }
    const auto e = ml::normal_softmax_expectations(2, sigma);
    CHECK(e.max_weight == Approx(m).margin(1e-8));
    CHECK(e.entropy == Approx(h).margin(1e-8));
    CHECK(e.jacobian_trace_norm == Approx(t).margin(1e-8));
    CHECK(e.total_weight == Approx(1.0).margin(1e-12));
  }
  const auto flat = ml::normal_softmax_expectations(10, 0.0);
  CHECK(flat.max_weight == 0.1);
  CHECK(flat.entropy == Approx(std::log(10.0)));
  CHECK(flat.jacobian_trace_norm == Approx(0.9));
  CHECK(argument_of([] { ml::normal_softmax_expectations(0, 1.0); }) == "keys n");
  CHECK(argument_of([] { ml::normal_softmax_expectations(4, -1.0); }) == "sigma");
}

TEST_CASE("softmax of normal scores: the quadrature agrees with Monte Carlo for n = 16", "[ml][attention]") {
  core::RandomStream rng(14);
  for (const double sigma : {1.0, 8.0}) {
    const auto e = ml::normal_softmax_expectations(16, sigma);
    CHECK(e.total_weight == Approx(1.0).margin(1e-9));
    CHECK(e.log_partition > std::log(16.0));  // log Z >= log n + mean(s) and E[mean(s)] = 0
    const int R = 40000;
    double m = 0, m2 = 0, h = 0, h2 = 0, t = 0, t2 = 0;
    for (int r = 0; r < R; ++r) {
      Eigen::VectorXd s(16);
      for (auto& x : s) x = sigma * rng.normal();
      const Eigen::VectorXd p = core::softmax<double>(s);
      const double a = p.maxCoeff(), b = -(p.array() * p.array().log()).sum(), c = 1.0 - p.squaredNorm();
      m += a, m2 += a * a, h += b, h2 += b * b, t += c, t2 += c * c;
    }
    auto within = [&](double sum, double sum2, double exact) {
      const double mean = sum / R, se = std::sqrt((sum2 / R - mean * mean) / R);
      CHECK(std::abs(mean - exact) < 4.0 * se);
    };
    within(m, m2, e.max_weight);
    within(h, h2, e.entropy);
    within(t, t2, e.jacobian_trace_norm);
  }
}

TEST_CASE("kernel regression: Nadaraya-Watson is attention with temperature h^2, to 1e-12", "[ml][attention]") {
  core::RandomStream rng(15);
  Eigen::VectorXd x(50), y(50);
  for (int j = 0; j < 50; ++j) {
    x[j] = rng.uniform();
    y[j] = std::sin(6.0 * x[j]) + 0.2 * rng.normal();
  }
  const Eigen::VectorXd q = Eigen::VectorXd::LinSpaced(101, -0.2, 1.2);
  for (const double h : {0.03, 0.1, 1.0}) {
    const Eigen::VectorXd a = ml::kernel_regression_by_attention(x, y, q, h), b = ml::nadaraya_watson(x, y, q, h);
    CHECK((a - b).cwiseAbs().maxCoeff() < 1e-12);
  }
  // Infinite temperature: every key equally weighted; zero temperature: the nearest sample.
  CHECK(ml::kernel_regression_by_attention(x, y, q, 1e6)[0] == Approx(y.mean()).epsilon(1e-9));
  Eigen::VectorXd at(1);
  at[0] = x[7];
  CHECK(ml::kernel_regression_by_attention(x, y, at, 1e-5)[0] == Approx(y[7]).epsilon(1e-12));
  CHECK(argument_of([&] { ml::nadaraya_watson(x, y, q, 0.0); }) == "bandwidth h");
  CHECK(argument_of([&] { ml::kernel_regression_by_attention(x, Eigen::VectorXd(3), q, 0.1); }) == "y");
  // Far from every sample the textbook kernels would all underflow; normalised by the core's softmax the fit
  // is the nearest sample's value.
  const Eigen::Index nearest = [&] { Eigen::Index k = 0; x.maxCoeff(&k); return k; }();
  CHECK(ml::nadaraya_watson(x, y, Eigen::VectorXd::Constant(1, 50.0), 1e-3)[0] == Approx(y[nearest]).epsilon(1e-12));
}

TEST_CASE("configs/ml/attention.json: saturation, causal zeros and kernel agreement", "[ml][attention]") {
  const auto r = run(experiments::load_config(std::string(ARBITER_SOURCE_DIR) + "/configs/ml/attention.json",
                                              {"/saturation/samples=20", "/saturation/d_k=[1,64,1024]"}));
  CHECK(r.summary["causal_max_future_weight"].get<double>() == 0.0);
  CHECK(r.summary["causal_max_future_gradient"].get<double>() == 0.0);
  CHECK(r.summary["kernel_regression_max_difference"].get<double>() < 1e-12);
  const auto& sat = r.summary["saturation_at_largest_d_k"];
  CHECK(sat["max_weight_unscaled"].get<double>() > 0.9);   // collapsed towards one-hot
  CHECK(sat["max_weight_scaled"].get<double>() < 0.15);    // flat: about E[max] for 64 unit normals, 0.107
  REQUIRE(r.results.size() == 6);
  REQUIRE(r.summary["heads"].size() == 3);
  CHECK(r.summary["heads"][0]["mean_entropy"].get<double>() < r.summary["heads"][2]["mean_entropy"].get<double>());
}

TEST_CASE("ml.attention with normal scores: every Monte Carlo mean within its CI of the exact value",
          "[ml][attention]") {
  json cfg = {{"kind", "ml.attention"},
              {"seed", 3},
              {"saturation", {{"d_k", {1, 16, 256}}, {"keys", 16}, {"queries", 8}, {"samples", 400}, {"scores", "normal"}}}};
  const auto r = run(experiments::resolve_config(cfg, "normal.json", "."));
  const auto& t = r.results;
  REQUIRE(t.size() == 6);
  const auto& cols = t.columns();
  auto col = [&](const std::string& name) {
    return static_cast<std::size_t>(std::find(cols.begin(), cols.end(), name) - cols.begin());
  };
  int inside = 0;
  for (const auto& row : t.rows())
    for (const std::string q : {"max_weight", "entropy", "jacobian_norm"}) {
      const double mean = std::get<double>(row[col(q)]), ci = std::get<double>(row[col(q + "_ci95")]),
                   exact = std::get<double>(row[col("normal_" + q)]);
      CHECK(std::abs(mean - exact) < 2.0 * ci);  // a 2-CI miss has probability about 1e-4 per cell
      inside += std::abs(mean - exact) < ci;
    }
  CHECK(inside >= 13);  // of 18, about 17 expected inside the 95% interval
}

TEST_CASE("ml.attention: bad input is a ConfigError at its JSON path", "[ml][attention]") {
  CHECK(config_error_path({{"saturation", {{"d_k", {4, 0}}}}}) == "/saturation/d_k/1");
  CHECK(config_error_path({{"heads", {{"temperatures", {1.0, 0.0}}}}}) == "/heads/temperatures/1");
  CHECK(config_error_path({{"kernel_regression", {{"bandwidths", {-0.1}}}}}) == "/kernel_regression/bandwidths/0");
  CHECK(config_error_path({{"causal", {{"length", 3}, {"mask", {{true, false, false}, {false, false, false},
                                                                 {true, true, true}}}}}}) == "/causal/mask/1");
  CHECK(config_error_path({{"causal", {{"length", 2}, {"mask", {{true, false}}}}}}) == "/causal/mask");
}

TEST_CASE("ml.attention: the live view takes d_k, the scale, the causal mask and head temperatures in place",
          "[ml][attention]") {
  json cfg = {{"kind", "ml.attention"}, {"saturation", {{"d_k", {1}}, {"samples", 2}}}};
  const auto loaded = experiments::resolve_config(cfg, "live.json", ".");
  auto exp = experiments::make_experiment(loaded, 1);
  auto number = [&](const std::string& id) {
    for (const auto& n : exp->observables().numbers)
      if (n.id == id) return n.value;
    return -1.0;
  };
  const double scaled = number("view_mean_max_weight");
  CHECK(scaled < 0.6);
  json live = loaded.resolved;
  live["view"]["d_k"] = 4096;
  live["view"]["scaled"] = false;
  REQUIRE(exp->apply_live(live));
  CHECK(number("view_mean_max_weight") > 0.95);  // unscaled scores of sd 64 over 12 keys: nearly one-hot
  live["view"]["causal"] = true;
  live["heads"]["temperatures"] = {0.5, 2.0};
  REQUIRE(exp->apply_live(live));
  const auto obs = exp->observables();
  const auto grid = std::find_if(obs.grids.begin(), obs.grids.end(), [](const auto& g) { return g.id == "view_weights"; });
  REQUIRE(grid != obs.grids.end());
  for (int i = 0; i < grid->rows; ++i)
    for (int j = i + 1; j < grid->cols; ++j) CHECK(grid->values[static_cast<std::size_t>(i * grid->cols + j)] == 0.0f);
  CHECK(std::count_if(obs.grids.begin(), obs.grids.end(), [](const auto& g) { return g.id.rfind("head_", 0) == 0; }) == 2);
  live["saturation"]["keys"] = 32;  // not live: the caller rebuilds
  CHECK_FALSE(exp->apply_live(live));
}
