// The masking training run: synthetic masked data and plain full-batch gradient descent per method.
#include "ml/masking_training.hpp"

#include <cmath>
#include <string>

#include "core/input_error.hpp"
#include "core/random_stream.hpp"
#include "core/softmax.hpp"

namespace arbiter::ml {
namespace {

void check_spec(const MaskingTrainingSpec& s) {
  const auto bad = [](const char* name, const char* expected, double got) {
    throw core::ArgumentError(name, expected, std::to_string(got));
  };
  if (s.classes < 2) bad("classes", "an integer >= 2", s.classes);
  if (s.features < 1) bad("features", "an integer >= 1", s.features);
  if (s.examples < 1) bad("examples", "an integer >= 1", s.examples);
  if (s.test_examples < 1) bad("test_examples", "an integer >= 1", s.test_examples);
  if (!(s.allowed_fraction > 0.0 && s.allowed_fraction <= 1.0)) bad("allowed_fraction", "a number in (0, 1]", s.allowed_fraction);
  if (!(s.weight_scale >= 0.0)) bad("weight_scale", "a number >= 0", s.weight_scale);
  if (!(s.learning_rate > 0.0)) bad("learning_rate", "a number > 0", s.learning_rate);
  if (s.epochs < 1) bad("epochs", "an integer >= 1", s.epochs);
}

// Draws one class from a distribution by inversion.
int draw(const core::Vector<double>& p, core::RandomStream& rng) {
  const double u = rng.uniform();
  double acc = 0.0;
  Eigen::Index last = 0;
  for (Eigen::Index j = 0; j < p.size(); ++j) {
    if (p[j] <= 0.0) continue;
    last = j;
    acc += p[j];
    if (u < acc) return static_cast<int>(j);
  }
  return static_cast<int>(last);
}

MaskedData make_data(const MaskingTrainingSpec& s, const core::Batch<double>& w, int n, core::RandomStream rng) {
  MaskedData d;
  d.x.resize(n, s.features);
  d.labels.resize(n);
  d.masks.reserve(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    for (int f = 0; f < s.features; ++f) d.x(i, f) = rng.normal();
    core::Mask mask(s.classes);
    for (int j = 0; j < s.classes; ++j) mask[j] = rng.uniform() < s.allowed_fraction;
    if (!mask.any()) mask[static_cast<Eigen::Index>(rng.uniform_int(static_cast<std::uint64_t>(s.classes)))] = true;
    const core::Vector<double> z = w * d.x.row(i).transpose();
    d.labels[i] = draw(core::masked_softmax<double>(z, mask), rng);
    d.masks.push_back(std::move(mask));
  }
  return d;
}

}  // namespace

MaskingProblem make_masking_problem(const MaskingTrainingSpec& spec, std::uint64_t seed) {
  check_spec(spec);
  MaskingProblem p;
  core::RandomStream wr(seed, 2);
  p.true_weights.resize(spec.classes, spec.features);
  const double sd = spec.weight_scale / std::sqrt(static_cast<double>(spec.features));
  for (Eigen::Index i = 0; i < p.true_weights.size(); ++i) p.true_weights.data()[i] = wr.normal(0.0, sd);
  p.train = make_data(spec, p.true_weights, spec.examples, core::RandomStream(seed, 0));
  p.test = make_data(spec, p.true_weights, spec.test_examples, core::RandomStream(seed, 1));
  return p;
}

MaskedScore masked_score(const core::Batch<double>& weights, const MaskedData& data) {
  MaskedScore s;
  const Eigen::Index n = data.x.rows();
  for (Eigen::Index i = 0; i < n; ++i) {
    const core::Vector<double> z = weights * data.x.row(i).transpose();
    const core::Mask& mask = data.masks[static_cast<std::size_t>(i)];
    s.nll -= core::masked_log_softmax<double>(z, mask)[data.labels[i]];
    Eigen::Index best = -1;
    for (Eigen::Index j = 0; j < z.size(); ++j)
      if (mask[j] && (best < 0 || z[j] > z[best])) best = j;
    s.accuracy += best == data.labels[i] ? 1.0 : 0.0;
  }
  s.nll /= static_cast<double>(n);
  s.accuracy /= static_cast<double>(n);
  return s;
}

MaskedTrainer::MaskedTrainer(MaskMethod method, const MaskingTrainingSpec& spec)
    : method_(method), learning_rate_(spec.learning_rate) {
  check_spec(spec);
  w_ = core::Batch<double>::Zero(spec.classes, spec.features);
}

MaskedTrainer::Epoch MaskedTrainer::epoch(const MaskedData& train) {
  Epoch e;
  const Eigen::Index n = train.x.rows();
  core::Batch<double> grad = core::Batch<double>::Zero(w_.rows(), w_.cols());
  for (Eigen::Index i = 0; i < n; ++i) {
    const core::Vector<double> z = w_ * train.x.row(i).transpose();
    const core::Mask& mask = train.masks[static_cast<std::size_t>(i)];
    const int y = train.labels[i];
    const core::Vector<double> q = masked_probabilities(method_, z, mask);
    e.train_loss -= std::log(q[y]);
    const core::Vector<double> g = masked_nll_gradient(method_, z, mask, y);
    for (Eigen::Index j = 0; j < g.size(); ++j)
      if (!mask[j]) e.forbidden_gradient += std::abs(g[j]);
    grad.noalias() += g * train.x.row(i);
  }
  w_ -= (learning_rate_ / static_cast<double>(n)) * grad;
  e.train_loss /= static_cast<double>(n);
  e.forbidden_gradient /= static_cast<double>(n);
  return e;
}

}  // namespace arbiter::ml
