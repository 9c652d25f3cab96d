// The analytic gradients and Hessians of the conditional logit and of the nested logit (both forms) agree
// with central finite differences; availability masks alternatives out exactly; raw-scale
// attributes converge to the same fit with the coefficient rescaled.
#include <catch2/catch.hpp>
#include <algorithm>
#include <cmath>

#include "core/softmax.hpp"
#include "econ/conditional_logit.hpp"
#include "econ/design.hpp"
#include "econ/estimation.hpp"
#include "econ/nested_logit.hpp"
#include "tests/econ/travelmode_helpers.hpp"

using namespace arbiter::econ;

namespace {

Design travelmode_design(const ModelSpec& spec) {
  return build_design(load_choice_data(test::travelmode_path(), test::travelmode_columns()), spec);
}

// A point away from the optimum, with entries on each parameter's own scale.
Eigen::VectorXd test_point(int k) {
  Eigen::VectorXd b(k);
  for (int i = 0; i < k; ++i) b[i] = 0.01 * (i + 1) * ((i % 2) ? -1.0 : 1.0);
  return b;
}

template <class F> Eigen::VectorXd fd_gradient(F f, const Eigen::VectorXd& x, double h) {
  Eigen::VectorXd g(x.size());
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    Eigen::VectorXd u = x, d = x;
    u[i] += h;
    d[i] -= h;
    g[i] = (f(u) - f(d)) / (2 * h);
  }
  return g;
}

void check_close(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b, double rel) {
  REQUIRE(a.rows() == b.rows());
  REQUIRE(a.cols() == b.cols());
  const double scale = std::max(1.0, b.cwiseAbs().maxCoeff());
  INFO("analytic\n" << a << "\nfinite differences\n" << b);
  CHECK((a - b).cwiseAbs().maxCoeff() <= rel * scale);
}

}  // namespace

TEST_CASE("conditional logit gradient and Hessian match finite differences") {
  const Design d = travelmode_design(test::travelmode_spec());
  const Eigen::VectorXd b = test_point(d.k());
  const LogLikelihood l = clogit_log_likelihood(d, b);
  auto ll = [&](const Eigen::VectorXd& x) { return clogit_log_likelihood(d, x, Derivatives::none).value; };
  check_close(l.gradient, fd_gradient(ll, b, 1e-6), 1e-6);
  Eigen::MatrixXd h(d.k(), d.k());
  for (int j = 0; j < d.k(); ++j) {
    auto gj = [&](const Eigen::VectorXd& x) { return clogit_log_likelihood(d, x, Derivatives::gradient).gradient[j]; };
    h.row(j) = fd_gradient(gj, b, 1e-6).transpose();
  }
  check_close(l.hessian, h, 1e-6);
  // Scores sum to the gradient.
  check_close(clogit_scores(d, b).colwise().sum().transpose(), l.gradient, 1e-10);
}

TEST_CASE("conditional logit results do not depend on the thread count") {
  const Design d = travelmode_design(test::travelmode_spec());
  const Eigen::VectorXd b = test_point(d.k());
  const LogLikelihood one = clogit_log_likelihood(d, b, Derivatives::hessian, 1);
  const LogLikelihood two = clogit_log_likelihood(d, b, Derivatives::hessian, 2);
  CHECK(one.value == two.value);
  CHECK(one.gradient == two.gradient);
  CHECK(one.hessian == two.hessian);
}

TEST_CASE("unavailable alternatives get probability 0 and drop out of the log-likelihood") {
  const char* text =
      "sid,alt,chosen,av,x\n"
      "1,a,1,1,1.0\n1,b,0,0,5.0\n1,c,0,1,0.5\n"
      "2,a,0,1,2.0\n2,b,1,1,0.0\n2,c,0,1,1.0\n"
      "3,a,0,0,9.0\n3,b,0,1,0.2\n3,c,1,1,0.1\n";
  ChoiceColumns c;
  c.situation = "sid";
  c.alternative = "alt";
  c.choice = "chosen";
  c.available = "av";
  ModelSpec spec;
  spec.constants = false;
  spec.generic = {"x"};
  const Design d = build_design(parse_choice_csv(text, "avail.csv", c), spec);
  Eigen::VectorXd b(1);
  b << 0.7;
  const Eigen::VectorXd p = clogit_probabilities(d, b);
  CHECK(p[1] == 0.0);
  CHECK(p[6] == 0.0);
  CHECK(p[0] + p[2] == Approx(1.0));
  // Situation 1 by hand: a vs c only.
  auto lse = [](std::initializer_list<double> v) {
    return arbiter::core::log_sum_exp<double>(Eigen::Map<const Eigen::VectorXd>(v.begin(), static_cast<Eigen::Index>(v.size())));
  };
  const double ll1 = 0.7 * 1.0 - lse({0.7, 0.35});
  const double ll2 = 0.0 - lse({1.4, 0.0, 0.7});
  const double ll3 = 0.07 - lse({0.14, 0.07});
  CHECK(clogit_log_likelihood(d, b, Derivatives::none).value == Approx(ll1 + ll2 + ll3));
  auto ll = [&](const Eigen::VectorXd& x) { return clogit_log_likelihood(d, x, Derivatives::none).value; };
  check_close(clogit_log_likelihood(d, b).gradient, fd_gradient(ll, b, 1e-6), 1e-6);
}

TEST_CASE("nested logit gradient and Hessian match finite differences in both parameterisations") {
  for (NestForm form : {NestForm::rum, NestForm::unscaled}) {
    ModelSpec spec = test::travelmode_spec();
    spec.nests = {{"public", {"train", "bus"}}, {"private", {"air", "car"}}};
    spec.nest_form = form;
    const Design d = travelmode_design(spec);
    const NestStructure ns = build_nests(d, spec);
    Eigen::VectorXd t(d.k() + 2);
    t.head(d.k()) = test_point(d.k());
    t[d.k()] = 0.6;
    t[d.k() + 1] = 0.8;
    const LogLikelihood l = nested_log_likelihood(d, ns, t, Derivatives::hessian);
    auto ll = [&](const Eigen::VectorXd& x) { return nested_log_likelihood(d, ns, x, Derivatives::none).value; };
    check_close(l.gradient, fd_gradient(ll, t, 1e-6), 1e-6);
    check_close(nested_scores(d, ns, t).colwise().sum().transpose(), l.gradient, 1e-10);
    // The analytic Hessian against central differences of the analytic gradient.
    Eigen::MatrixXd h(t.size(), t.size());
    for (Eigen::Index j = 0; j < t.size(); ++j) {
      auto gj = [&](const Eigen::VectorXd& y) { return nested_log_likelihood(d, ns, y, Derivatives::gradient).gradient[j]; };
      h.row(j) = fd_gradient(gj, t, 1e-6).transpose();
    }
    check_close(l.hessian, h, 1e-6);
    CHECK((l.hessian - l.hessian.transpose()).cwiseAbs().maxCoeff() == 0.0);
    // With every log-sum parameter at 1 the nested logit is the conditional logit.
    t.tail(2).setOnes();
    CHECK(nested_log_likelihood(d, ns, t, Derivatives::none).value ==
          Approx(clogit_log_likelihood(d, t.head(d.k()), Derivatives::none).value).epsilon(1e-12));
    const LogLikelihood at_one = nested_log_likelihood(d, ns, t);
    const LogLikelihood mnl = clogit_log_likelihood(d, t.head(d.k()));
    check_close(at_one.gradient.head(d.k()), mnl.gradient, 1e-12);
    check_close(at_one.hessian.topLeftCorner(d.k(), d.k()), mnl.hessian, 1e-12);
    const Eigen::VectorXd p = nested_probabilities(d, ns, t);
    const Eigen::VectorXd q = clogit_probabilities(d, t.head(d.k()));
    CHECK((p - q).cwiseAbs().maxCoeff() < 1e-12);
  }
}

TEST_CASE("raw-scale costs converge: gcost x 1000 gives the same fit with the coefficient / 1000") {
  ChoiceData data = load_choice_data(test::travelmode_path(), test::travelmode_columns());
  const EstimationResult base = estimate_conditional_logit(build_design(data, test::travelmode_spec()));
  for (double& v : data.values[static_cast<std::size_t>(data.column_index("gcost"))]) v *= 1000.0;
  const EstimationResult raw = estimate_conditional_logit(build_design(data, test::travelmode_spec()));
  REQUIRE(raw.converged);
  CHECK(raw.log_likelihood == Approx(base.log_likelihood).epsilon(1e-10));
  for (std::size_t i = 0; i < base.parameters.size(); ++i) {
    const double factor = base.parameters[i].name == "gcost" ? 1000.0 : 1.0;
    INFO(base.parameters[i].name);
    CHECK(raw.parameters[i].estimate * factor == Approx(base.parameters[i].estimate).epsilon(1e-7));
    CHECK(raw.parameters[i].std_error * factor == Approx(base.parameters[i].std_error).epsilon(1e-6));
  }
}

TEST_CASE("a design changed after build_design is not fitted on its stale differences") {
  const Design built = travelmode_design(test::travelmode_spec());
  CHECK(ClogitData(built).views_design());
  CHECK((ClogitData(built).dx() - chosen_differences(built)).cwiseAbs().maxCoeff() == 0.0);
  // gcost x 1000 in a copy whose differences were not rebuilt: the kernel computes its own, and the fit is
  // the one of a design built from rescaled data (gcost coefficient / 1000).
  Design changed = built;
  const auto g = static_cast<Eigen::Index>(std::find(built.names.begin(), built.names.end(), "gcost") - built.names.begin());
  changed.x.col(g) *= 1000.0;
  CHECK_FALSE(ClogitData(changed).views_design());
  const EstimationResult base = estimate_conditional_logit(built);
  const EstimationResult raw = estimate_conditional_logit(changed);
  REQUIRE(raw.converged);
  CHECK(raw.log_likelihood == Approx(base.log_likelihood).epsilon(1e-10));
  CHECK(raw.theta[g] * 1000.0 == Approx(base.theta[g]).epsilon(1e-7));
  // A different chosen row in the last situation is caught too.
  Design rechosen = built;
  rechosen.chosen_row.back() = rechosen.offsets[rechosen.n_situations() - 1] +
                               (rechosen.chosen_row.back() == rechosen.offsets[rechosen.n_situations() - 1] ? 1 : 0);
  CHECK_FALSE(ClogitData(rechosen).views_design());
}
