// The covariance step: the inverse of a positive definite -H, the empty matrix for a singular one, and the
// warning that names the parameters along the direction the data do not identify; through econ.estimate, a
// nested logit with only constants (its log-sum parameters unidentified) writes empty standard-error cells and
// that warning, with exit 0, instead of refusing to write NaN.
#include <catch2/catch.hpp>

#include <limits>
#include <string>
#include <variant>
#include <vector>

#include "econ/hessian_inverse.hpp"
#include "tests/econ/econ_config_run.hpp"

using namespace arbiter;

TEST_CASE("inverse_of_positive inverts a positive definite matrix and refuses a singular one", "[econ][hessian]") {
  Eigen::MatrixXd m(2, 2);
  m << 4.0, 1.0, 1.0, 3.0;
  const Eigen::MatrixXd inv = econ::inverse_of_positive(m);
  REQUIRE(inv.rows() == 2);
  // (1 / 11) [[3, -1], [-1, 4]]
  CHECK(inv(0, 0) == Approx(3.0 / 11.0).epsilon(1e-14));
  CHECK(inv(0, 1) == Approx(-1.0 / 11.0).epsilon(1e-14));
  CHECK(inv(1, 1) == Approx(4.0 / 11.0).epsilon(1e-14));
  Eigen::MatrixXd singular(2, 2);
  singular << 1.0, 1.0, 1.0, 1.0;
  CHECK(econ::inverse_of_positive(singular).size() == 0);
  Eigen::MatrixXd indefinite(2, 2);
  indefinite << 1.0, 0.0, 0.0, -1.0;
  CHECK(econ::inverse_of_positive(indefinite).size() == 0);
  CHECK(econ::inverse_of_positive(Eigen::MatrixXd()).size() == 0);
}

TEST_CASE("a singular Hessian's warning names the parameters along its null direction", "[econ][hessian]") {
  // b and c enter only through b + c: the null direction is (0, 1, -1) / sqrt 2.
  Eigen::MatrixXd neg_h(3, 3);
  neg_h << 2.0, 0.0, 0.0, 0.0, 1.0, 1.0, 0.0, 1.0, 1.0;
  const std::string w = econ::singular_hessian_warning(neg_h, {"a", "b", "c"});
  CHECK(w == "the Hessian is singular (or not negative definite) at the estimates; parameters involved: b, c");
  Eigen::MatrixXd bad = neg_h;
  bad(0, 0) = std::numeric_limits<double>::quiet_NaN();
  CHECK(econ::singular_hessian_warning(bad, {"a", "b", "c"}).find("(not determined)") != std::string::npos);
}

TEST_CASE("econ.estimate: an unidentified nested logit writes empty standard errors and names the parameters",
          "[econ][hessian]") {
  nlohmann::json c = test_econ::econ_config("travelmode_nested.json");
  c["model"].erase("generic");  // constants and income only: the log-sum parameters are not identified
  const auto r = test_econ::run_econ(c);
  const auto& t = r.tables.at("estimates.csv");
  REQUIRE(t.rows().size() == 6);
  for (const auto& row : t.rows()) {
    CHECK(std::holds_alternative<double>(row[1]));  // the estimate
    for (std::size_t col = 2; col < row.size(); ++col) CHECK(std::get<std::string>(row[col]).empty());
  }
  const auto& warnings = r.summary.at("warnings");
  REQUIRE_FALSE(warnings.empty());
  const std::string w = warnings.at(0).get<std::string>();
  CHECK(w.find("the Hessian is singular") == 0);
  CHECK(w.find("iv.fly") != std::string::npos);
  CHECK(w.find("iv.ground") != std::string::npos);
  CHECK(r.report.find(" nan ") == std::string::npos);
}
