// The printed estimates table: every column stays apart (at least one space) and right-aligned under its
// header whatever the magnitudes, including |z| > 1000 and huge estimates.
#include <catch2/catch.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "econ/estimation.hpp"

using namespace arbiter::econ;

namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

std::vector<std::string> words_of(const std::string& line) {
  std::vector<std::string> out;
  std::istringstream in(line);
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

ParameterEstimate parameter(const std::string& name, double estimate, double se, double robust) {
  ParameterEstimate p;
  p.name = name;
  p.estimate = estimate;
  p.std_error = se;
  p.robust_std_error = robust;
  p.t_value = estimate / se;
  p.p_value = normal_p_value(p.t_value);
  return p;
}

}  // namespace

TEST_CASE("the estimates table keeps its columns apart for |z| > 1000 and huge estimates") {
  EstimationResult r;
  r.model = "conditional logit";
  r.method = "newton";
  r.converged = true;
  r.parameters = {parameter("big_z", -1234.5678, 0.1, 0.1), parameter("huge", 1.5e20, 1e10, 2e10),
                  parameter("small", 0.25, 0.5, 0.5)};
  ParameterEstimate fixed;
  fixed.name = "held";
  fixed.estimate = 3e25;
  fixed.fixed = true;
  r.parameters.push_back(fixed);
  const auto lines = lines_of(format_estimation_report(r));
  std::size_t header = 0;
  while (header < lines.size() && lines[header].find("Estimate") == std::string::npos) ++header;
  REQUIRE(header + 4 < lines.size());
  const std::string& h = lines[header];
  // Right edges of the header's columns.
  std::vector<std::size_t> right;
  for (const char* name : {"Estimate", "Std. Error", "Robust SE", "z value", "Pr(>|z|)"})
    right.push_back(h.find(name) + std::string(name).size());
  for (int i = 1; i <= 3; ++i) {
    const std::string& line = lines[header + static_cast<std::size_t>(i)];
    INFO(line);
    const auto words = words_of(line);
    REQUIRE(words.size() >= 6);  // name, estimate, se, robust se, z, p (and maybe stars)
    // Each cell ends at its header's right edge, and a space precedes it.
    for (std::size_t c = 0; c < 5; ++c) {
      REQUIRE(right[c] <= line.size());
      CHECK(line[right[c] - 1] != ' ');
      CHECK((right[c] == line.size() || line[right[c]] == ' '));
    }
  }
  CHECK(words_of(lines[header + 1])[4] == "-12345.6780");
  CHECK(words_of(lines[header + 2])[1] == "150000000000000000000.000000");
  const auto held = words_of(lines[header + 4]);
  REQUIRE(held.size() == 3);
  CHECK(held[2] == "(fixed)");
}
