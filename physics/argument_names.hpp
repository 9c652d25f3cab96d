// The names physics functions give their arguments in core::ArgumentError ("lattice size L: expected an
// integer >= 2, got 1"). One declaration each: the experiment kinds map these names to the JSON paths they
// read the arguments from. An indexed entry of a list argument is named "energies[3]" (see indexed()).
#pragma once
#include <cstddef>
#include <string>

namespace arbiter::physics::arg {

// Lattices (Ising, Potts, exact solvers).
inline constexpr const char* lattice_size = "lattice size L";   // also the length of the periodic chain
inline constexpr const char* strip_length = "strip length M";   // transfer-matrix strip
inline constexpr const char* chain_length = "chain length N";   // transfer-matrix chain
inline constexpr const char* coupling = "coupling J";
inline constexpr const char* field = "field h";
inline constexpr const char* temperature = "temperature T";
inline constexpr const char* states = "number of states q";

// Discrete levels (levels.hpp) and their families (level_families.hpp).
inline constexpr const char* energies = "energies";
inline constexpr const char* degeneracies = "degeneracies";
inline constexpr const char* moments = "moments";
inline constexpr const char* labels = "labels";
inline constexpr const char* copies = "copies";
inline constexpr const char* gap = "gap";
inline constexpr const char* ground_degeneracy = "ground degeneracy g0";
inline constexpr const char* excited_degeneracy = "excited degeneracy g1";
inline constexpr const char* hbar_omega = "hbar_omega";
inline constexpr const char* oscillator_levels = "oscillator levels";
inline constexpr const char* oscillators = "oscillators";
inline constexpr const char* max_quanta = "max_quanta";
inline constexpr const char* spin = "spin J";
inline constexpr const char* moment = "moment";
inline constexpr const char* magnetic_field = "magnetic field B";
inline constexpr const char* spins = "spins";

// "NAME[i]": entry i of the list argument NAME.
inline std::string indexed(const char* name, std::size_t i) { return std::string(name) + "[" + std::to_string(i) + "]"; }

}  // namespace arbiter::physics::arg
