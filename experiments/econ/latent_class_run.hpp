// econ.estimate's latent-class logit as a BfgsModelRun model: people from /columns/individual (membership per
// person with /model/panel, else per situation), membership variables from the data, /estimation/starts (3 by
// default) starts spread around the conditional logit's estimates (the best fit kept). Adds individual.csv
// (each person's, or situation's, posterior probability of every class given their choices), class_shares in
// summary.json (the mean membership probability of each class) and the shares in the printed table, and with
// /wtp/cost each class's willingness to pay -b_attribute / b_cost (wtp.csv with a class column; delta-method
// standard errors). Throws ConfigError naming the /model/classes path and core::DataError (file and line) for a
// person whose rows are not contiguous. The design must outlive it; the data only the constructor.
#pragma once
#include <memory>

#include "econ/choice_data.hpp"
#include "econ/design.hpp"
#include "experiments/econ/bfgs_model_run.hpp"
#include "experiments/econ/latent_class_keys.hpp"

namespace arbiter::experiments {

std::unique_ptr<BfgsModelRun::Model> make_latent_class_model(const econ::Design& design, const econ::ChoiceData& data,
                                                             const LatentClassSetup& setup, int threads);

}  // namespace arbiter::experiments
