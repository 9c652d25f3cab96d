// Vector and batch types shared by every core routine: a batch holds one distribution per row (row-major, so
// each row is contiguous). Functions take Eigen::Ref, so a vector, a batch or a view into a larger array
// serves without copies.
#pragma once
#include <Eigen/Core>

namespace arbiter::core {

template <class S> using Vector = Eigen::Matrix<S, Eigen::Dynamic, 1>;
template <class S> using Batch = Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
template <class S> using VectorCRef = Eigen::Ref<const Vector<S>>;
template <class S> using VectorRef = Eigen::Ref<Vector<S>>;
template <class S> using BatchCRef = Eigen::Ref<const Batch<S>>;
template <class S> using BatchRef = Eigen::Ref<Batch<S>>;
template <class S> using Matrix = Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic>;

// true = the entry takes part; false = masked out (probability exactly 0, gradient exactly 0).
using Mask = Eigen::Array<bool, Eigen::Dynamic, 1>;

}  // namespace arbiter::core
