// The REINFORCE agent of one rl.episodic run, built from the kind's settings for an environment: a softmax
// policy (tabular, linear in features, or an MLP), an optional learned baseline, their optimisers, and
// parameters loaded from a saved agent. Problems are core::ConfigError at the JSON path that causes them.
#pragma once
#include <memory>
#include "agents/reinforce.hpp"
#include "core/random_stream.hpp"
#include "envs/environment.hpp"
#include "experiments/rl/episodic_setup.hpp"

namespace arbiter::experiments::rl {

// rng seeds the MLP weights. Loaded parameters (if any) replace the initial ones; a saved agent that does
// not match this config's agent is a ConfigError at /load_agent saying what differs.
std::unique_ptr<agents::Reinforce> make_episodic_agent(const EpisodicSetup& s, const envs::Environment& env,
                                                       core::RandomStream rng);

}  // namespace arbiter::experiments::rl
