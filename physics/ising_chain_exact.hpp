// Every column of the exact periodic Ising chain (N spins, E = -J sum s_i s_{i+1} - h sum s_i): log Z, e, c
// and <m> from the closed form of transfer_matrix.hpp, and <|m|>, <m^2>, chi and binder from the exact
// distribution of M = sum s_i, built site by site at the given T by a transfer recursion over (first spin,
// last spin, number of up spins) with core Boltzmann factors (O(N^2) per temperature).
// Contract: N >= 1, T > 0, finite J and h; otherwise core::ArgumentError naming physics::arg::
// lattice_size (the chain length), coupling, field or temperature (argument_names.hpp).
#pragma once
#include <vector>
#include "physics/exact_lattice_row.hpp"

namespace arbiter::physics {

// P(M = 2k - N) for k = 0..N (sums to 1).
std::vector<double> ising_chain_magnetisation_distribution(int N, double J, double h, double T);

ExactIsingRow ising_chain_row(int N, double J, double h, double T);

}  // namespace arbiter::physics
