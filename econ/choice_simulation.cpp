// Simulated populations and exact choice draws.
#include "econ/choice_simulation.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <type_traits>
#include "core/categorical_sampler.hpp"
#include "core/input_error.hpp"
#include "econ/simulation_draws.hpp"

namespace arbiter::econ {
namespace {

template <class T>
int index_of(const std::vector<T>& items, const std::string& name) {
  for (std::size_t i = 0; i < items.size(); ++i) {
    if constexpr (std::is_same_v<T, std::string>) {
      if (items[i] == name) return static_cast<int>(i);
    } else {
      if (items[i].name == name) return static_cast<int>(i);
    }
  }
  return -1;
}

// One person's draw of a random term's coefficient.
double draw_taste(const UtilityTerm& t, core::RandomStream& rng) {
  double z = 0.0;
  switch (t.distribution) {
    case Distribution::fixed: return t.value;
    case Distribution::normal:
    case Distribution::lognormal:
    case Distribution::neg_lognormal: z = rng.normal(); break;
    case Distribution::uniform: z = rng.uniform(-1.0, 1.0); break;
    case Distribution::triangular: z = triangular_quantile(rng.uniform()); break;
  }
  double b = t.value + t.sd * z;
  to_coefficient(t.distribution, b);
  return b;
}

}  // namespace

void PopulationSpec::add_term(const std::string& parameter, double value) {
  UtilityTerm t;
  t.parameter = parameter;
  t.value = value;
  const auto dot = parameter.rfind('.');
  const std::string head = dot == std::string::npos ? parameter : parameter.substr(0, dot);
  const std::string alt = dot == std::string::npos ? "" : parameter.substr(dot + 1);
  const int a = index_of(alternatives, alt);
  if (head == "asc" && a >= 0) {
    t.kind = TermKind::constant;
    t.alternative = a;
  } else if (index_of(attributes, parameter) >= 0) {
    t.kind = TermKind::generic;
    t.variable = index_of(attributes, parameter);
  } else if (a >= 0 && index_of(attributes, head) >= 0) {
    t.kind = TermKind::specific;
    t.variable = index_of(attributes, head);
    t.alternative = a;
  } else if (a >= 0 && index_of(individual, head) >= 0) {
    t.kind = TermKind::individual;
    t.variable = index_of(individual, head);
    t.alternative = a;
  } else {
    throw core::ArgumentError("parameter",
                              "\"asc.ALT\", \"ATTR\", \"ATTR.ALT\" or \"VAR.ALT\" with a declared attribute, "
                              "individual variable and alternative",
                              "\"" + parameter + "\"");
  }
  for (const auto& other : terms)
    if (other.parameter == parameter)
      throw core::ArgumentError("parameter", "each parameter once", "\"" + parameter + "\"");
  terms.push_back(t);
}

void PopulationSpec::make_random(const std::string& parameter, Distribution distribution, double sd) {
  const auto t =
      std::find_if(terms.begin(), terms.end(), [&](const UtilityTerm& u) { return u.parameter == parameter; });
  if (t == terms.end())
    throw core::ArgumentError("parameter " + parameter, "a coefficient of the specification", "\"" + parameter + "\"");
  if (distribution == Distribution::fixed)
    throw core::ArgumentError("parameter " + parameter, "a random distribution", distribution_name(distribution));
  if (!(sd >= 0.0)) throw core::ArgumentError("parameter sd." + parameter, "a spread >= 0", std::to_string(sd));
  if (!t->class_values.empty())
    throw core::ArgumentError("parameter " + parameter, "a coefficient that is not also class-specific", "\"" + parameter + "\"");
  t->distribution = distribution;
  t->sd = sd;
}

void PopulationSpec::set_classes(std::vector<std::string> names, std::vector<double> shares) {
  if (names.size() < 2) throw core::ArgumentError("classes", "at least two latent classes", std::to_string(names.size()));
  for (std::size_t i = 0; i < names.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (names[i] == names[j]) throw core::ArgumentError("classes", "each class name once", "\"" + names[i] + "\"");
  if (shares.size() != names.size())
    throw core::ArgumentError("shares", "one share per class (" + std::to_string(names.size()) + ")",
                              std::to_string(shares.size()) + " shares");
  double total = 0.0;
  for (double x : shares) {
    if (!(x > 0.0) || !std::isfinite(x)) throw core::ArgumentError("shares", "shares > 0", std::to_string(x));
    total += x;
  }
  if (std::abs(total - 1.0) > 1e-9) throw core::ArgumentError("shares", "shares summing to 1", std::to_string(total));
  classes = std::move(names);
  class_shares = std::move(shares);
}

void PopulationSpec::make_class_specific(const std::string& parameter, std::vector<double> values) {
  const auto t =
      std::find_if(terms.begin(), terms.end(), [&](const UtilityTerm& u) { return u.parameter == parameter; });
  if (t == terms.end())
    throw core::ArgumentError("parameter " + parameter, "a coefficient of the specification", "\"" + parameter + "\"");
  if (t->distribution != Distribution::fixed)
    throw core::ArgumentError("parameter " + parameter, "a coefficient that is not also random",
                              distribution_name(t->distribution));
  if (values.size() != classes.size())
    throw core::ArgumentError("parameter " + parameter, "one value per class (" + std::to_string(classes.size()) + ")",
                              std::to_string(values.size()) + " values");
  t->class_values = std::move(values);
  t->value = t->class_values.front();
}

bool PopulationSpec::has_random() const {
  return std::any_of(terms.begin(), terms.end(),
                     [](const UtilityTerm& t) { return t.distribution != Distribution::fixed; });
}

std::map<std::string, double> PopulationSpec::identified_coefficients() const {
  std::map<std::string, double> out;
  for (std::size_t c = 1; c < classes.size(); ++c) out["class." + classes[c]] = std::log(class_shares[c] / class_shares[0]);
  for (const auto& t : terms) {
    if (!t.class_values.empty()) {
      for (std::size_t c = 0; c < classes.size(); ++c) out[t.parameter + "." + classes[c]] = t.class_values[c] / scale;
      continue;
    }
    const bool exponential = t.distribution == Distribution::lognormal || t.distribution == Distribution::neg_lognormal;
    out[t.parameter] = exponential ? t.value - std::log(scale) : t.value / scale;
    if (t.distribution != Distribution::fixed) out["sd." + t.parameter] = exponential ? t.sd : t.sd / scale;
  }
  return out;
}

ModelSpec PopulationSpec::model_spec() const {
  ModelSpec m;
  std::vector<bool> has_asc(alternatives.size(), false);
  for (const auto& t : terms)
    if (t.kind == TermKind::constant) has_asc[static_cast<std::size_t>(t.alternative)] = true;
  m.constants = std::find(has_asc.begin(), has_asc.end(), true) != has_asc.end();
  if (m.constants) {
    for (std::size_t a = 0; a < alternatives.size(); ++a) {
      if (has_asc[a]) continue;
      if (m.reference.empty()) m.reference = alternatives[a];
      else m.fixed["asc." + alternatives[a]] = 0.0;
    }
    if (m.reference.empty()) m.reference = "none";
  }
  auto add_to = [](std::vector<VariableAlternatives>& list, const std::string& var, const std::string& alt) {
    for (auto& [name, alts] : list)
      if (name == var) {
        alts.push_back(alt);
        return;
      }
    list.push_back({var, {alt}});
  };
  for (const auto& t : terms) {
    switch (t.kind) {
      case TermKind::constant: break;
      case TermKind::generic: m.generic.push_back(attributes[static_cast<std::size_t>(t.variable)].name); break;
      case TermKind::specific:
        add_to(m.specific, attributes[static_cast<std::size_t>(t.variable)].name,
               alternatives[static_cast<std::size_t>(t.alternative)]);
        break;
      case TermKind::individual:
        add_to(m.individual, individual[static_cast<std::size_t>(t.variable)].name,
               alternatives[static_cast<std::size_t>(t.alternative)]);
        break;
    }
  }
  return m;
}

ChoiceDraw parse_choice_draw(const std::string& name) {
  if (name == "gumbel_errors") return ChoiceDraw::gumbel_errors;
  if (name == "core_gumbel_max") return ChoiceDraw::core_gumbel_max;
  if (name == "core_softmax") return ChoiceDraw::core_softmax;
  throw std::invalid_argument("one of \"gumbel_errors\", \"core_gumbel_max\", \"core_softmax\"");
}

int draw_choice(const Eigen::VectorXd& v, ChoiceDraw method, double T, core::RandomStream& rng) {
  switch (method) {
    // Explicit random utility V_j + T * Gumbel is the Gumbel-max trick: the core sampler draws the same
    // Gumbel variates in the same order (V_j / T + Gumbel; the same bits at T = 1) and rejects NaN utilities.
    case ChoiceDraw::gumbel_errors:
    case ChoiceDraw::core_gumbel_max: return core::sample_gumbel_max<double>(v, rng, T);
    case ChoiceDraw::core_softmax: return core::sample_softmax<double>(v, rng, T);
  }
  throw std::invalid_argument("draw_choice: unknown method");
}

SimulatedSituations simulate_situations(const PopulationSpec& spec, std::uint64_t seed, std::int64_t first,
                                        std::int64_t count, ChoiceDraw method) {
  const auto J = static_cast<Eigen::Index>(spec.alternatives.size());
  const auto A = static_cast<Eigen::Index>(spec.attributes.size());
  const auto I = static_cast<Eigen::Index>(spec.individual.size());
  SimulatedSituations out;
  out.first = first;
  out.individual.resize(count, I);
  out.attributes.resize(count * J, A);
  out.utility.resize(count, J);
  out.chosen.resize(static_cast<std::size_t>(count));
  out.person.resize(static_cast<std::size_t>(count));
  if (spec.has_classes()) out.latent_class.resize(static_cast<std::size_t>(count));
  const std::int64_t per_person = std::max<std::int64_t>(spec.situations_per_person, 1);
  std::vector<double> beta(spec.terms.size());
  for (std::size_t k = 0; k < spec.terms.size(); ++k) beta[k] = spec.terms[k].value;
  const Eigen::Map<const Eigen::VectorXd> shares(spec.class_shares.data(),
                                                  static_cast<Eigen::Index>(spec.class_shares.size()));
  std::int64_t tastes_of = -1;  // the person whose tastes beta holds
  int latent = 0;               // and their latent class
  for (std::int64_t s = 0; s < count; ++s) {
    const std::int64_t person = (first + s) / per_person;
    out.person[static_cast<std::size_t>(s)] = person;
    if (person != tastes_of && (spec.has_random() || spec.has_classes())) {
      const core::RandomStream of_person(seed, static_cast<std::uint64_t>(person * per_person));
      core::RandomStream tastes = of_person.substream(2);
      for (std::size_t k = 0; k < spec.terms.size(); ++k) beta[k] = draw_taste(spec.terms[k], tastes);
      if (spec.has_classes()) {
        core::RandomStream membership = of_person.substream(3);
        latent = core::sample_inverse_cdf<double>(shares, membership);
        for (std::size_t k = 0; k < spec.terms.size(); ++k)
          if (!spec.terms[k].class_values.empty()) beta[k] = spec.terms[k].class_values[static_cast<std::size_t>(latent)];
      }
      tastes_of = person;
    }
    if (spec.has_classes()) out.latent_class[static_cast<std::size_t>(s)] = latent;
    const core::RandomStream situation(seed, static_cast<std::uint64_t>(first + s));
    core::RandomStream draws = situation.substream(0);
    for (Eigen::Index v = 0; v < I; ++v) {
      const auto& d = spec.individual[static_cast<std::size_t>(v)];
      out.individual(s, v) = draws.normal(d.mean, d.sd);
    }
    for (Eigen::Index j = 0; j < J; ++j)
      for (Eigen::Index a = 0; a < A; ++a) {
        const auto& d = spec.attributes[static_cast<std::size_t>(a)];
        out.attributes(s * J + j, a) = draws.normal(d.mean[j], d.sd[j]);
      }
    Eigen::VectorXd v = Eigen::VectorXd::Zero(J);
    for (std::size_t k = 0; k < spec.terms.size(); ++k) {
      const auto& t = spec.terms[k];
      const double b = beta[k];
      switch (t.kind) {
        case TermKind::constant: v[t.alternative] += b; break;
        case TermKind::generic:
          for (Eigen::Index j = 0; j < J; ++j) v[j] += b * out.attributes(s * J + j, t.variable);
          break;
        case TermKind::specific: v[t.alternative] += b * out.attributes(s * J + t.alternative, t.variable); break;
        case TermKind::individual: v[t.alternative] += b * out.individual(s, t.variable); break;
      }
    }
    out.utility.row(s) = v.transpose();
    core::RandomStream choice = situation.substream(1);
    out.chosen[static_cast<std::size_t>(s)] = draw_choice(v, method, spec.scale, choice);
  }
  return out;
}

ChoiceData to_choice_data(const PopulationSpec& spec, const std::vector<SimulatedSituations>& blocks) {
  const auto J = static_cast<std::int64_t>(spec.alternatives.size());
  const std::size_t A = spec.attributes.size(), I = spec.individual.size();
  ChoiceData d;
  d.file = "simulated";
  d.alternatives = spec.alternatives;
  for (const auto& a : spec.attributes) d.columns.push_back(a.name);
  for (const auto& v : spec.individual) d.columns.push_back(v.name);
  const bool panel = spec.situations_per_person > 1;
  if (panel) d.columns.push_back("person");
  d.values.resize(A + I + (panel ? 1 : 0));
  d.offsets.push_back(0);
  for (const auto& b : blocks) {
    for (std::int64_t s = 0; s < b.size(); ++s) {
      const std::int64_t row0 = d.offsets.back();
      d.situation_ids.push_back(std::to_string(b.first + s + 1));
      for (std::int64_t j = 0; j < J; ++j) {
        d.alternative.push_back(static_cast<std::int32_t>(j));
        for (std::size_t a = 0; a < A; ++a)
          d.values[a].push_back(b.attributes(s * J + j, static_cast<Eigen::Index>(a)));
        for (std::size_t v = 0; v < I; ++v) d.values[A + v].push_back(b.individual(s, static_cast<Eigen::Index>(v)));
        if (panel) d.values[A + I].push_back(static_cast<double>(b.person[static_cast<std::size_t>(s)] + 1));
      }
      d.chosen_row.push_back(row0 + b.chosen[static_cast<std::size_t>(s)]);
      d.offsets.push_back(row0 + J);
    }
  }
  d.validate();
  return d;
}

}  // namespace arbiter::econ
