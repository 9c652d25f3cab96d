// Mixed-logit draws and latent classes as the weighted consumers of a logit market.
#include "econ/mixed_market.hpp"

#include <cmath>

#include "core/table.hpp"
#include "core/input_error.hpp"

namespace arbiter::econ {
namespace {

StandardDraw standard_draw(Distribution d) {
  if (d == Distribution::uniform) return StandardDraw::uniform;
  if (d == Distribution::triangular) return StandardDraw::triangular;
  return StandardDraw::normal;
}

}  // namespace

MixtureConsumers mixture_tastes(const TasteMixture& m, const Eigen::VectorXd& means) {
  MixtureConsumers out;
  const auto K = means.size();
  if (m.latent_class()) {
    const auto C = static_cast<Eigen::Index>(m.classes.names.size());
    if (m.classes.shares.size() != C || m.classes.coefficients.rows() != C || m.classes.coefficients.cols() != K)
      throw core::ArgumentError("classes", "one share and one coefficient row (price first) per class",
                                std::to_string(m.classes.shares.size()) + " shares, " +
                                    std::to_string(m.classes.coefficients.rows()) + " x " +
                                    std::to_string(m.classes.coefficients.cols()) + " coefficients");
    if ((m.classes.shares.array() < 0.0).any() || std::abs(m.classes.shares.sum() - 1.0) > 1e-9)
      throw core::ArgumentError("classes", "non-negative class shares summing to 1",
                                "shares summing to " + core::format_double(m.classes.shares.sum()));
    out.coefficients = m.classes.coefficients;
    out.weight = m.classes.shares;
    return out;
  }
  if (!m.mixed_logit()) {
    out.coefficients = means.transpose();
    out.weight = Eigen::VectorXd::Ones(1);
    return out;
  }
  std::vector<StandardDraw> dims;
  for (std::size_t i = 0; i < m.random.size(); ++i) {
    const RandomTaste& t = m.random[i];
    const std::string arg = "random[" + std::to_string(i) + "]";
    if (t.coefficient < 0 || t.coefficient >= K)
      throw core::ArgumentError(arg, "a coefficient index in [0, " + std::to_string(K) + ")", std::to_string(t.coefficient));
    if (!(t.sd >= 0.0) || !std::isfinite(t.sd)) throw core::ArgumentError(arg, "a spread sd >= 0", core::format_double(t.sd));
    dims.push_back(standard_draw(t.distribution));
  }
  const SimulationDraws z = make_simulation_draws(1, dims, m.draws, 1);
  const auto R = static_cast<Eigen::Index>(z.draws);
  out.coefficients = means.transpose().replicate(R, 1);
  out.weight = Eigen::VectorXd::Constant(R, 1.0 / static_cast<double>(R));
  for (std::size_t i = 0; i < m.random.size(); ++i) {
    const RandomTaste& t = m.random[i];
    const double* zi = z.row(0, i);
    for (Eigen::Index r = 0; r < R; ++r) {
      double b = means[t.coefficient] + t.sd * zi[r];
      to_coefficient(t.distribution, b);
      out.coefficients(r, t.coefficient) = b;
    }
  }
  return out;
}

void check_price_coefficients(const TasteMixture& m, const MixtureConsumers& c) {
  for (Eigen::Index r = 0; r < c.coefficients.rows(); ++r) {
    const double b = c.coefficients(r, 0);
    if (b < 0.0) continue;
    if (m.latent_class())
      throw core::ArgumentError("class " + m.classes.names[static_cast<std::size_t>(r)] + " price",
                                "a price coefficient < 0 in every class (consumer surplus is logsum / -price)",
                                core::format_double(b));
    bool random = false;
    for (const RandomTaste& t : m.random) random = random || t.coefficient == 0;
    if (!random) throw core::ArgumentError("price", "a price coefficient < 0", core::format_double(b));
    throw core::ArgumentError("random price",
                              "a price coefficient < 0 in every draw (consumer surplus is logsum / -price; a normal or "
                              "uniform price coefficient reaches positive values: use neg_lognormal, or a smaller sd)",
                              "draw " + std::to_string(r) + " with " + core::format_double(b));
  }
}

}  // namespace arbiter::econ
