// Exact draws from a categorical distribution, from a seeded RandomStream. Inverse-CDF takes probabilities
// (non-negative, summing to about 1; the last non-zero entry absorbs round-off); Gumbel-max takes logits and
// a temperature and needs no normalisation. Both never return an index of probability 0 or a masked entry.
#pragma once
#include "core/eigen_types.hpp"
#include "core/random_stream.hpp"

namespace arbiter::core {

template <class S> int sample_inverse_cdf(VectorCRef<S> probs, RandomStream& rng);
template <class S> int sample_gumbel_max(VectorCRef<S> logits, RandomStream& rng, S T = S(1));
template <class S> int sample_gumbel_max(VectorCRef<S> logits, const Mask& mask, RandomStream& rng, S T = S(1));
// softmax(x / T) followed by an inverse-CDF draw.
template <class S> int sample_softmax(VectorCRef<S> logits, RandomStream& rng, S T = S(1));

namespace detail {
// The inverse-CDF draw of sample_inverse_cdf on p[i * stride], i < n (n > 0), for a uniform u in [0, 1)
// (also the batched draws' scalar path). A negative or NaN entry, or all zeros, throw std::domain_error
// naming the function `what`, then `column` if it is >= 0, then the entry ("probability 3 is negative or NaN",
// "every probability is 0").
template <class S>
int inverse_cdf_draw(const S* p, Eigen::Index n, Eigen::Index stride, double u, const char* what,
                     Eigen::Index column = -1);
}  // namespace detail

}  // namespace arbiter::core
