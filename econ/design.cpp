#include "econ/design.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <Eigen/Eigenvalues>

#include "core/parallel_for.hpp"
#include "econ/extreme_cells.hpp"
#include "econ/situation_blocks.hpp"

namespace arbiter::econ {
namespace {

std::string join(const std::vector<std::string>& v, const std::string& sep = ", ") {
  std::string s;
  for (std::size_t i = 0; i < v.size(); ++i) s += (i ? sep : "") + v[i];
  return s;
}

std::string q(const std::string& s) { return "\"" + s + "\""; }

int require_column(const ChoiceData& data, const std::string& name, const std::string& argument) {
  const int c = data.column_index(name);
  if (c < 0) throw core::ArgumentError(argument, "a numeric column of the data (" + join(data.columns) + ")", q(name));
  return c;
}

int require_alternative(const ChoiceData& data, const std::string& name, const std::string& argument) {
  const int a = data.alternative_index(name);
  if (a < 0) throw UnknownAlternativeError(data, name, argument);
  return a;
}

// One regressor: value column (or -1 for a constant 1) times the indicator of an alternative (or -1: all).
struct Regressor {
  std::string name;
  int column;
  int alternative;
};

}  // namespace

UnknownAlternativeError::UnknownAlternativeError(const ChoiceData& data, const std::string& alternative,
                                                 const std::string& argument)
    : UnknownAlternativeError(data.file, data.source.alternative, alternative, argument, join(data.alternatives)) {}

UnknownAlternativeError::UnknownAlternativeError(const std::string& file, const std::string& column,
                                                 const std::string& alternative, const std::string& named_at,
                                                 const std::string& alternatives)
    : DataError(file, 0, column,
                "alternative '" + alternative + "' (named at " + named_at + ") appears in no situation; the alternatives are " +
                    alternatives),
      file_(file),
      column_(column),
      alternative_(alternative),
      argument_(named_at),
      alternatives_(alternatives) {}

UnknownAlternativeError UnknownAlternativeError::named_at(const std::string& place) const {
  return UnknownAlternativeError(file_, column_, alternative_, place, alternatives_);
}

int Design::n_free() const {
  return static_cast<int>(std::count(fixed.begin(), fixed.end(), false));
}

Design build_design(const ChoiceData& data, const ModelSpec& spec) {
  data.validate();
  std::vector<Regressor> regs;
  Design d;
  const int n_alt = static_cast<int>(data.alternatives.size());
  int reference = -1;
  if (spec.constants) {
    if (spec.reference.empty()) reference = 0;
    else if (spec.reference != "none") reference = require_alternative(data, spec.reference, "reference");
    for (int a = 0; a < n_alt; ++a)
      if (a != reference) regs.push_back({"asc." + data.alternatives[static_cast<std::size_t>(a)], -1, a});
  } else if (!spec.reference.empty() && spec.reference != "none") {
    reference = require_alternative(data, spec.reference, "reference");
  }
  if (reference < 0 && !spec.individual.empty()) reference = 0;
  d.reference = reference >= 0 ? data.alternatives[static_cast<std::size_t>(reference)] : "";
  for (std::size_t i = 0; i < spec.generic.size(); ++i) {
    const int c = require_column(data, spec.generic[i], "generic[" + std::to_string(i) + "]");
    regs.push_back({spec.generic[i], c, -1});
  }
  auto add_interactions = [&](const std::vector<VariableAlternatives>& list, const char* key, bool skip_reference) {
    for (std::size_t i = 0; i < list.size(); ++i) {
      const auto& [var, alts] = list[i];
      const std::string argument = std::string(key) + "[" + var + "]";
      const int c = require_column(data, var, argument);
      std::vector<int> ai;
      if (alts.empty()) {
        for (int a = 0; a < n_alt; ++a)
          if (!(skip_reference && a == reference)) ai.push_back(a);
      } else {
        for (std::size_t k = 0; k < alts.size(); ++k)
          ai.push_back(require_alternative(data, alts[k], argument + "[" + std::to_string(k) + "]"));
      }
      for (int a : ai) regs.push_back({var + "." + data.alternatives[static_cast<std::size_t>(a)], c, a});
    }
  };
  add_interactions(spec.specific, "specific", false);
  add_interactions(spec.individual, "individual", true);
  if (regs.empty()) throw core::ArgumentError("spec", "at least one parameter (constants, generic, specific or individual)", "none");
  std::set<std::string> names;
  for (const auto& r : regs)
    if (!names.insert(r.name).second)
      throw core::ArgumentError("spec", "each parameter once", "parameter " + q(r.name) + " twice");

  std::vector<int> used;
  for (const auto& r : regs)
    if (r.column >= 0 && std::find(used.begin(), used.end(), r.column) == used.end()) used.push_back(r.column);
  check_extreme_cells(data, used);

  const std::size_t n = data.n_rows();
  const int k = static_cast<int>(regs.size());
  d.x.resize(static_cast<Eigen::Index>(n), k);
  for (int j = 0; j < k; ++j) {
    const Regressor& r = regs[static_cast<std::size_t>(j)];
    d.names.push_back(r.name);
    const double* col = r.column >= 0 ? data.values[static_cast<std::size_t>(r.column)].data() : nullptr;
    for (std::size_t row = 0; row < n; ++row) {
      const bool on = r.alternative < 0 || data.alternative[row] == r.alternative;
      d.x(static_cast<Eigen::Index>(row), j) = on ? (col ? col[row] : 1.0) : 0.0;
    }
  }
  d.offsets = data.offsets;
  d.chosen_row = data.chosen_row;
  d.available = data.available;
  d.alternative = data.alternative;
  d.alternatives = data.alternatives;
  d.start = Eigen::VectorXd::Zero(k);
  d.fixed.assign(static_cast<std::size_t>(k), false);
  std::set<std::string> nest_params;
  for (const auto& nest : spec.nests) nest_params.insert("iv." + nest.name);
  for (const auto& [name, value] : spec.start) {
    const auto it = std::find(d.names.begin(), d.names.end(), name);
    if (it == d.names.end()) {
      if (nest_params.count(name)) continue;
      throw core::ArgumentError("start[" + name + "]", "a parameter of the model (" + join(d.names) + ")", q(name));
    }
    d.start[it - d.names.begin()] = value;
  }
  for (const auto& [name, value] : spec.fixed) {
    const auto it = std::find(d.names.begin(), d.names.end(), name);
    if (it == d.names.end()) {
      if (nest_params.count(name)) continue;
      throw core::ArgumentError("fixed[" + name + "]", "a parameter of the model (" + join(d.names) + ")", q(name));
    }
    d.start[it - d.names.begin()] = value;
    d.fixed[static_cast<std::size_t>(it - d.names.begin())] = true;
  }
  check_identification(d);
  d.differences = chosen_differences(d);
  return d;
}

Eigen::MatrixXd chosen_differences(const Design& d, int threads) {
  const int k = d.k();
  Eigen::MatrixXd dx(static_cast<Eigen::Index>(d.n_rows()), k);
  const SituationBlocks blocks(d.n_situations());
  core::parallel_for(blocks.count, threads, [&](std::size_t bi) {
    const auto [s0, s1] = blocks.range(bi);
    for (std::size_t s = s0; s < s1; ++s) {
      const double* xc = d.x.data() + d.chosen_row[s] * k;
      for (auto r = d.offsets[s]; r < d.offsets[s + 1]; ++r) {
        const double* xr = d.x.data() + r * k;
        for (int a = 0; a < k; ++a) dx(r, a) = xr[a] - xc[a];
      }
    }
  });
  return dx;
}

void check_identification(const Design& d) {
  std::vector<int> free;
  for (int j = 0; j < d.k(); ++j)
    if (!d.fixed[static_cast<std::size_t>(j)]) free.push_back(j);
  const int m = static_cast<int>(free.size());
  if (m == 0) return;
  // Within-situation variation: sum over situations of the centred cross-products over available rows.
  Eigen::MatrixXd w = Eigen::MatrixXd::Zero(m, m);
  Eigen::VectorXd total = Eigen::VectorXd::Zero(m), mean(m), dev(m);
  for (std::size_t s = 0; s < d.n_situations(); ++s) {
    mean.setZero();
    int count = 0;
    for (auto r = d.offsets[s]; r < d.offsets[s + 1]; ++r) {
      if (!d.is_available(static_cast<std::size_t>(r))) continue;
      for (int j = 0; j < m; ++j) mean[j] += d.x(r, free[static_cast<std::size_t>(j)]);
      ++count;
    }
    if (count < 2) continue;
    mean /= count;
    for (auto r = d.offsets[s]; r < d.offsets[s + 1]; ++r) {
      if (!d.is_available(static_cast<std::size_t>(r))) continue;
      for (int j = 0; j < m; ++j) {
        const double x = d.x(r, free[static_cast<std::size_t>(j)]);
        dev[j] = x - mean[j];
        total[j] += x * x;
      }
      w.selfadjointView<Eigen::Lower>().rankUpdate(dev);
    }
  }
  w = w.selfadjointView<Eigen::Lower>();
  std::vector<std::string> constant;
  std::vector<int> varying;
  for (int j = 0; j < m; ++j) {
    if (!(w(j, j) > 1e-12 * std::max(total[j], 1e-300))) constant.push_back(d.names[static_cast<std::size_t>(free[static_cast<std::size_t>(j)])]);
    else varying.push_back(j);
  }
  if (!constant.empty())
    throw IdentificationError("unidentified model: " + join(constant) +
                              (constant.size() == 1 ? " never varies" : " never vary") +
                              " within a choice situation, so no choice can identify " +
                              (constant.size() == 1 ? "its coefficient" : "their coefficients") +
                              " (interact an individual-level variable with alternatives via \"individual\", or drop it)");
  const int v = static_cast<int>(varying.size());
  Eigen::MatrixXd c(v, v);
  for (int a = 0; a < v; ++a)
    for (int b = 0; b < v; ++b)
      c(a, b) = w(varying[static_cast<std::size_t>(a)], varying[static_cast<std::size_t>(b)]) /
                std::sqrt(w(varying[static_cast<std::size_t>(a)], varying[static_cast<std::size_t>(a)]) *
                          w(varying[static_cast<std::size_t>(b)], varying[static_cast<std::size_t>(b)]));
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(c);
  const Eigen::VectorXd& ev = eig.eigenvalues();
  std::vector<std::string> groups;
  for (int i = 0; i < v; ++i) {
    if (ev[i] > 1e-9 * std::max(1.0, ev[v - 1])) continue;
    std::vector<std::string> involved;
    bool all_asc = true;
    for (int j = 0; j < v; ++j)
      if (std::abs(eig.eigenvectors()(j, i)) > 1e-6) {
        const std::string& name = d.names[static_cast<std::size_t>(free[static_cast<std::size_t>(varying[static_cast<std::size_t>(j)])])];
        involved.push_back(name);
        all_asc = all_asc && name.rfind("asc.", 0) == 0;
      }
    std::string g = "{" + join(involved) + "}";
    if (all_asc && involved.size() == d.alternatives.size())
      g += " (a constant for every alternative: set \"reference\" to fix one at 0)";
    groups.push_back(g);
  }
  if (!groups.empty())
    throw IdentificationError("unidentified model: collinear parameters " + join(groups, "; ") +
                              " (their regressors are linearly dependent within choice situations; drop or fix one of each group)");
}

}  // namespace arbiter::econ
