#include "experiments/econ/mixed_logit_keys.hpp"

#include <algorithm>

#include "core/config_error.hpp"

namespace arbiter::experiments {
namespace {

using json = nlohmann::json;

constexpr const char* kDistributions[] = {"normal", "lognormal", "neg_lognormal", "uniform", "triangular"};

}  // namespace

void check_random_coefficients(const json& v, const std::string& path) {
  if (!v.is_object()) throw core::ConfigError("", path, "an object {COEFFICIENT: distribution}", core::short_json(v));
  for (auto it = v.begin(); it != v.end(); ++it) {
    const bool known = it.value().is_string() &&
                       std::find(std::begin(kDistributions), std::end(kDistributions), it.value().get<std::string>()) !=
                           std::end(kDistributions);
    if (!known)
      throw core::ConfigError("", path + "/" + it.key(),
                              "one of \"normal\", \"lognormal\", \"neg_lognormal\", \"uniform\", \"triangular\"",
                              core::short_json(it.value()));
  }
}

std::vector<std::pair<std::string, econ::Distribution>> read_random_coefficients(const json& v) {
  std::vector<std::pair<std::string, econ::Distribution>> out;
  for (auto it = v.begin(); it != v.end(); ++it)
    out.emplace_back(it.key(), econ::parse_distribution(it.value().get<std::string>()));
  return out;
}

namespace {

bool spread_name(const std::string& name) { return name.rfind("sd.", 0) == 0 || name.rfind("chol.", 0) == 0; }

// Moves the sd.* / chol.* entries of a {PARAMETER: number} map out into `spreads`.
void take_spreads(std::map<std::string, double>& from, std::map<std::string, double>& spreads) {
  for (auto it = from.begin(); it != from.end();) {
    if (spread_name(it->first)) {
      spreads[it->first] = it->second;
      it = from.erase(it);
    } else {
      ++it;
    }
  }
}

}  // namespace

const char* standard_errors_name(StandardErrors s) {
  switch (s) {
    case StandardErrors::hessian: return "hessian";
    case StandardErrors::bhhh: return "bhhh";
    case StandardErrors::robust: return "robust";
    case StandardErrors::clustered: return "clustered";
  }
  return "?";
}

void declare_mixed_logit_keys(core::Schema& s) {
  s.string("/columns/individual", "", "mixed logit: column of the decision maker's id (panel data; each person's rows contiguous)")
      .optional();
  s.add("/model/random", core::ParamType::object, json::object(),
        "mixed logit: {COEFFICIENT: normal|lognormal|neg_lognormal|uniform|triangular}; the mean keeps the name, the "
        "spread is sd.COEFFICIENT")
      .optional()
      .validate_with(check_random_coefficients)
      .open = true;
  s.add("/model/correlated", core::ParamType::string_list, json::array(),
        "mixed logit: normal(-based) random coefficients with a full covariance (Cholesky parameters chol.A.B)")
      .optional();
  s.boolean("/model/panel", false, "mixed logit: each person keeps their draws across their situations (needs /columns/individual)")
      .optional();
  core::Param& sim = s.object("/simulation", "mixed logit: the draws of the simulated likelihood").optional();
  sim.string("method", "halton",
             "halton (mlogit's and xlogit's: primes 2, 3, 5, ..., first 100 dropped), mlhs or pseudo (from the seed); "
             "quadrature (one random coefficient: Gauss-Hermite for normal-based, Gauss-Legendre for uniform and "
             "triangular; no simulation noise)")
      .one_of({"halton", "mlhs", "pseudo", "quadrature"});
  sim.integer("draws", 100, "draws per person (panel) or per situation; with quadrature, the nodes")
      .at_least(1)
      .at_most(100000);
  sim.boolean("antithetic", false, "the second half of the draws mirrors the first (draws must be even)");
  s.integer("/estimation/starts", 1,
            "mixed logit: fits from this many starts (the first the default, the others perturbed) and keeps the best; "
            "latent class (3 when absent): class-specific starts spread 1, 0.5, 2, 0.25, 4, ... times around the "
            "conditional logit's")
      .optional()
      .at_least(1)
      .at_most(1000);
  s.string("/estimation/start", "conditional_logit",
           "mixed logit: conditional_logit (means from its fit, spreads 0.1 or /model/start) or given (/model/start as "
           "is; absent means 0, spreads 0.1)")
      .optional()
      .one_of({"conditional_logit", "given"});
  s.string("/estimation/standard_errors", "hessian",
           "mixed logit: the covariance behind std_error, t and p: hessian, bhhh, robust (sandwich) or clustered (by "
           "person)")
      .optional()
      .one_of({"hessian", "bhhh", "robust", "clustered"});
  s.number("/estimation/gradient_tolerance", 1e-5,
           "mixed logit: BFGS converges when every |d SLL / d parameter| is at most this")
      .optional()
      .greater_than(0);
  s.number("/estimation/single_precision_gradient", 0.1,
           "mixed logit: while some |d SLL / d parameter| is above this, iterate on the likelihood in single precision "
           "(BHHH steps first; about half the cost of an evaluation), then in double precision to "
           "/estimation/gradient_tolerance, so the estimates are those of the exact likelihood; 0: double throughout")
      .optional()
      .at_least(0);
}

std::string read_individual_column(const json& c) {
  const json& cols = c.at("columns");
  return cols.contains("individual") ? cols.at("individual").get<std::string>() : std::string();
}

std::optional<MixedLogitSetup> read_mixed_logit_setup(const json& c, econ::ModelSpec& spec, std::uint64_t seed) {
  const json& m = c.at("model");
  const json random = m.value("random", json::object());
  const std::vector<std::string> correlated = m.value("correlated", std::vector<std::string>{});
  const bool panel = m.value("panel", false);
  if (random.empty() && correlated.empty()) {
    for (const char* key : {"/model/panel", "/simulation", "/estimation/starts", "/estimation/start",
                            "/estimation/standard_errors", "/estimation/gradient_tolerance",
                            "/estimation/single_precision_gradient"})
      if (c.contains(json::json_pointer(key)))
        throw core::ConfigError("", key,
                                std::string("absent unless /model/random or /model/correlated names a coefficient") +
                                    (std::string(key) == "/estimation/starts" ? " (or /model/classes is given)" : ""),
                                core::short_json(c.at(json::json_pointer(key))));
    return std::nullopt;
  }
  if (!spec.nests.empty())
    throw core::ConfigError("", "/model/nests", "{} with random coefficients (a mixed logit has no nests)",
                            core::short_json(m.at("nests")));
  MixedLogitSetup out;
  out.random = read_random_coefficients(random);
  for (std::size_t i = 0; i < correlated.size(); ++i) {
    const std::string path = "/model/correlated/" + std::to_string(i);
    const auto before = correlated.begin() + static_cast<std::ptrdiff_t>(i);
    if (std::find(correlated.begin(), before, correlated[i]) != before)
      throw core::ConfigError("", path, "each coefficient once", "\"" + correlated[i] + "\" twice");
    const auto r = std::find_if(out.random.begin(), out.random.end(), [&](const auto& p) { return p.first == correlated[i]; });
    if (r == out.random.end()) {
      out.random.emplace_back(correlated[i], econ::Distribution::normal);  // correlated alone: normal
    } else if (r->second != econ::Distribution::normal && r->second != econ::Distribution::lognormal &&
               r->second != econ::Distribution::neg_lognormal) {
      throw core::ConfigError("", path, "a coefficient that is normal, lognormal or neg_lognormal in /model/random",
                              "\"" + correlated[i] + "\" (" + econ::distribution_name(r->second) + ")");
    }
  }
  out.correlated = correlated;
  out.panel = panel;
  out.individual = read_individual_column(c);
  if (panel && out.individual.empty())
    throw core::ConfigError("", "/model/panel", "false unless /columns/individual names the person-id column", "true");
  const json sim = c.contains("simulation") ? c.at("simulation") : json{{"method", "halton"}, {"draws", 100}, {"antithetic", false}};
  const std::string method = sim.at("method").get<std::string>();
  out.draws.method = method == "mlhs"         ? econ::DrawMethod::mlhs
                     : method == "pseudo"     ? econ::DrawMethod::pseudo
                     : method == "quadrature" ? econ::DrawMethod::quadrature
                                              : econ::DrawMethod::halton;
  out.draws.draws = sim.at("draws").get<int>();
  out.draws.antithetic = sim.at("antithetic").get<bool>();
  out.draws.seed = seed;
  if (out.draws.antithetic && out.draws.draws % 2 != 0)
    throw core::ConfigError("", "/simulation/draws", "an even number with antithetic draws", std::to_string(out.draws.draws));
  if (out.draws.method == econ::DrawMethod::quadrature) {
    if (out.random.size() != 1)
      throw core::ConfigError("", "/simulation/method",
                              "halton, mlhs or pseudo with more than one random coefficient (quadrature integrates one)",
                              "\"quadrature\" with " + std::to_string(out.random.size()) + " random coefficients");
    if (out.draws.antithetic) throw core::ConfigError("", "/simulation/antithetic", "false with quadrature", "true");
    if (out.random.front().second == econ::Distribution::triangular && out.draws.draws < 2)
      throw core::ConfigError("", "/simulation/draws", "at least 2 quadrature nodes for a triangular coefficient",
                              std::to_string(out.draws.draws));
  }
  const json& e = c.at("estimation");
  out.starts = e.value("starts", 1);
  out.start_given = e.value("start", std::string("conditional_logit")) == "given";
  const std::string se = e.value("standard_errors", std::string("hessian"));
  out.standard_errors = se == "bhhh" ? StandardErrors::bhhh
                        : se == "robust" ? StandardErrors::robust
                        : se == "clustered" ? StandardErrors::clustered
                                            : StandardErrors::hessian;
  if (out.standard_errors == StandardErrors::clustered && out.individual.empty())
    throw core::ConfigError("", "/estimation/standard_errors", "clustered only with /columns/individual", "\"clustered\"");
  out.gradient_tolerance = e.value("gradient_tolerance", 1e-5);
  out.single_precision_gradient = e.value("single_precision_gradient", 0.1);
  take_spreads(spec.start, out.spread_start);
  take_spreads(spec.fixed, out.spread_fixed);
  return out;
}

}  // namespace arbiter::experiments
