// The lesson table: titles and prompts written for a lecture, one lesson per preset.
#include "gui/app/lessons.hpp"

#include <filesystem>

namespace arbiter::gui {

const std::vector<Lesson>& lessons() {
  static const std::vector<Lesson> table = {
      {"01_softmax_temperature.json", "Softmax and temperature",
       {"Notice: at T = 1 the best score gets about half the probability, not all of it.",
        "Try T = 0.1, then T = 10: cold puts all mass on the best score (argmax), hot spreads it evenly.",
        "Notice: sparsemax gives exact zeros; the sigmoids do not sum to 1."}},
      {"02_bandit_baseline.json", "The gradient bandit needs a baseline",
       {"Notice: with true values around +4, the agent without a baseline climbs slowly.",
        "Predict: which curve reaches 80% optimal first? Press Play and watch % optimal action.",
        "Try: copy an agent and change its step size alpha."}},
      {"03_bandit_exploration.json", "Exploration: too cold, too hot, just right",
       {"Notice: T = 0.05 locks on early and never explores; T = 2 never exploits.",
        "Predict: which temperature wins on average reward after 1000 steps?",
        "Try: the entropy bonus of the gradient agent (0 to 0.2)."}},
      {"04_pg_short_corridor.json", "A stochastic policy wins: the short corridor",
       {"Notice: the agent cannot tell the states apart, so one p(right) serves all of them.",
        "Watch p(right) climb towards 2 - sqrt 2 = 0.586, and the return towards the optimum.",
        "Try: a larger step size alpha, then Reset."}},
      {"05_pg_gridworld.json", "A softmax policy finds its way",
       {"Notice: the arrows (the policy) sharpen as the state values fill in.",
        "Try: click a cell to make it a wall or a cliff while it learns; watch it re-route.",
        "Notice: the policy entropy falls as the agent becomes sure."}},
      {"06_pg_cartpole.json", "Balancing a pole",
       {"Watch the return per episode rise towards 500 (the limit).",
        "Notice: the cart replays the latest episode while the agent learns.",
        "Try: a heavier pole (More settings) and see learning slow down."}},
      {"07_market_red_bus_blue_bus.json", "Red bus, blue bus",
       {"Notice: a car and a red bus split the market 1/2-1/2.",
        "Predict: add a blue bus identical to the red one. What share does the car keep?",
        "Plain logit gives 1/3 each; nested logit keeps the car near 1/2."}},
      {"08_market_pricing.json", "A pricing game",
       {"Notice: each firm's price maximises its own profit given the others' (Bertrand-Nash).",
        "Compare with one owner of everything (joint monopoly): prices rise, consumer surplus falls.",
        "Try: move a cost or a quality and watch the equilibrium move."}},
      {"09_physics_ising.json", "The Ising model near T_c",
       {"Notice: below T_c = 2.269 domains order; above, they melt.",
        "Predict: where does C(T) peak? Then press Scan T, or click T_c, cold and hot.",
        "Notice: the points follow Onsager's exact curve, rounded off by the finite lattice."}},
      {"10_physics_schottky.json", "Two levels: the Schottky peak",
       {"Notice: the populations are a softmax of -E/T.",
        "Predict: where is the heat capacity largest? It peaks at C_v = 0.439 near T = 0.417 gap.",
        "Try: more degenerate excited levels, and watch the peak move."}},
      {"11_ml_calibration.json", "Calibration: confident is not correct",
       {"Notice: the model is right 87% of the time but 97.5% confident; the ECE is 0.10.",
        "Try: drag T up to the red tick (the fitted T = 2.2). The accuracy never moves; the ECE falls to 0.02.",
        "Notice: one global T makes the bags, calibrated already, worse; one T per group fixes every family."}},
      {"12_ml_attention.json", "Attention is a softmax",
       {"Notice: scaled by 1/sqrt(d_k), each query spreads its weight over several keys.",
        "Try: untick the scale and drag d_k to 1024: each row collapses onto one key.",
        "Try: the causal mask (zeros above the diagonal), then the head temperatures."}},
      {"13_ml_numerics.json", "Overflow: why every softmax subtracts the max",
       {"Notice: exp(z) overflows above z = 11 in float16, 88.7 in float32, 709.8 in float64.",
        "Watch the naive curves stop at those limits; the shifted softmax stays exact.",
        "Try: zoom on |c| <= 120, then switch to the log-sum-exp error."}},
      {"14_ml_masking.json", "Masking: -inf before, not zero after",
       {"Notice: zeroing after the softmax loses about half the mass and leaks gradient.",
        "Notice: renormalising fixes that until large logits underflow to 0 / 0.",
        "Compare the training curves: which method ends with the worse NLL?"}},
      {"15_ml_active_learning.json", "Active learning: ask where the model is unsure",
       {"Notice: the entropy map is bright on the class boundaries.",
        "Try: Replay the queries one by one, for each strategy.",
        "Compare the learning curves: what does a label chosen by entropy buy?"}},
      {"16_ml_sampling.json", "Sampling words at a temperature",
       {"Try: T = 0.01, then T = 5: the greedy word every time, then gibberish.",
        "Try: top-k or top-p at T = 1: the tail is cut, the words stay plausible.",
        "Try: type a prefix (th, qu) and read the next-letter bars."}},
      {"17_ml_hierarchical_softmax.json", "Hierarchical softmax: log V, not V",
       {"Notice: flat costs grow like V, hierarchical like log V.",
        "Notice: the path length L sits within one bit above the entropy H.",
        "Compare the two models' test NLL while training."}},
      {"18_ml_infonce.json", "InfoNCE: a softmax over the batch",
       {"Notice: the estimate can never pass log N: small batches under-measure I = 1.66 nats.",
        "Watch the optimal critic approach I as N grows.",
        "Notice: the learned bilinear critic stalls well below I."}},
      {"19_ml_classifier.json", "A classifier that never says \"dress\"",
       {"Watch the curves grow: training accuracy pulls ahead of validation.",
        "Notice: dresses and bags (cut to 2%) are never predicted: their confusion columns stay empty.",
        "Try: class weights balanced. Rare recall jumps from 0 to 0.81; which classes pay for it?"}},
      {"20_econ_taste_heterogeneity.json", "Tastes differ: mixed logit and latent classes",
       {"Notice: the bars (each commuter's conditional mean) are narrower than the curve (the population): shrinkage.",
        "Notice: with a normal price coefficient a few commuters' WTP for time is positive, some huge.",
        "Try: make price neg_lognormal. Every WTP keeps one sign.",
        "Try: latent classes. Two types of commuter instead of a continuum: how large is each?"}},
      {"21_market_mixed_red_bus.json", "Red bus, blue bus, different commuters",
       {"Predict: after the blue bus arrives, does the car keep 1/2 (nested logit), fall to 1/3 (logit), or neither?",
        "Notice: the car keeps 0.42. Bus lovers split between the two buses; the others stay in their cars.",
        "Try: drag sd.bus to 0. Every commuter alike: plain logit, and the car falls to 1/3.",
        "Try: sd.bus 10, then 30. The more tastes differ, the closer to the nested answer (0.47, 0.49)."}},
  };
  return table;
}

int lesson_of(const std::string& path) {
  const std::string name = std::filesystem::path(path).filename().string();
  const auto& table = lessons();
  for (std::size_t i = 0; i < table.size(); ++i)
    if (table[i].file == name) return static_cast<int>(i);
  return -1;
}

}  // namespace arbiter::gui
