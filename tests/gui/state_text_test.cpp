// The state text (File > Copy state, arbiter-gui --state): one line that reads back to the same config, lesson,
// prompt and tab, and writes back to the same text; the runner ignores its "gui" object; text that is not a
// state is refused with a message naming what is wrong.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include "core/config_error.hpp"
#include "experiments/config_loader.hpp"
#include "gui/app/state_text.hpp"

using namespace arbiter::gui;
using nlohmann::json;
namespace ex = arbiter::experiments;

namespace {
// A classroom preset as Save config writes it: resolved (every key, the seed).
json saved_preset(const std::string& file) {
  return ex::load_config("configs/classroom/" + file).resolved;
}

std::string refusal(const std::string& text) {
  try {
    parse_state_text(text);
  } catch (const arbiter::core::ConfigError& e) {
    return e.what();
  }
  return "(accepted)";
}
}  // namespace

TEST_CASE("a state text reads back to its config, lesson, prompt and tab, and writes back to the same text",
          "[gui][state_text]") {
  SharedState state;
  state.config = saved_preset("09_physics_ising.json");
  state.lesson = "09_physics_ising.json";
  state.prompt = 2;
  state.tab = "Physics";
  const std::string text = state_text(state);
  CHECK(text.find('\n') == std::string::npos);
  CHECK(text.find(R"("gui":{"lesson":"09_physics_ising.json","prompt":2,"tab":"Physics"})") != std::string::npos);
  const SharedState back = parse_state_text("  " + text + "\n");
  CHECK(back.config == state.config);
  CHECK(back.lesson == "09_physics_ising.json");
  CHECK(back.prompt == 2);
  CHECK(back.tab == "Physics");
  CHECK(state_text(back) == text);
  CHECK(state_config_dir(back).find("configs/classroom") != std::string::npos);
  // Doubles survive the text bit for bit (the temperature list of the sweep, the coupling, ...).
  CHECK(json::parse(text).at("temperatures") == state.config.at("temperatures"));
}

TEST_CASE("a run ignores the state's gui object: the same resolved config as the saved one", "[gui][state_text]") {
  SharedState state;
  state.config = saved_preset("02_bandit_baseline.json");
  state.lesson = "02_bandit_baseline.json";
  state.tab = "Bandit";
  const ex::LoadedConfig with_gui = ex::resolve_config(json::parse(state_text(state)), "state", ".");
  const ex::LoadedConfig saved = ex::resolve_config(state.config, "saved", ".");
  CHECK_FALSE(with_gui.resolved.contains("gui"));
  CHECK(with_gui.resolved == saved.resolved);
  CHECK(with_gui.seed == 2025);
}

TEST_CASE("text that is not a state is refused, saying what is wrong", "[gui][state_text]") {
  CHECK(refusal("").find("empty") != std::string::npos);
  CHECK(refusal(R"({"kind":)").find("malformed JSON") != std::string::npos);
  CHECK(refusal(R"({"kind": "no.such.kind"})").find("no.such.kind") != std::string::npos);
  const std::string kind = R"({"kind": "softmax.temperature", )";
  CHECK(refusal(kind + R"("gui": {"prompt": -1}})").find("/gui/prompt") != std::string::npos);
  CHECK(refusal(kind + R"("gui": {"tap": "Softmax"}})").find("/gui/tap") != std::string::npos);
  CHECK(refusal(kind + R"("gui": {"lesson": "99_none.json"}})").find("/gui/lesson") != std::string::npos);
  CHECK(refusal(kind + R"("gui": [1]})").find("/gui") != std::string::npos);
  CHECK(refusal(kind + R"("temperature": "hot"})").find("/temperature") != std::string::npos);
  CHECK(refusal(kind + R"("gui": {"high_contrast": "yes"}})").find("/gui/high_contrast") != std::string::npos);
  CHECK(refusal(kind + R"("gui": {"lesson": "01_softmax_temperature.json", "prompt": 1}})") == "(accepted)");
}

TEST_CASE("a copied state names its data files so that it runs from any folder", "[gui][state_text]") {
  namespace fs = std::filesystem;
  // configs/econ/travelmode_nested.json reads "travelmode.csv" beside it; outside a lesson a state resolves
  // against ".", where that name is no file.
  const ex::LoadedConfig loaded = ex::load_config("configs/econ/travelmode_nested.json");
  REQUIRE(loaded.resolved.at("data") == "travelmode.csv");
  const json moved = with_data_paths(loaded.resolved, loaded.config_dir, ".");
  const std::string data = moved.at("data").get<std::string>();
  CHECK(fs::path(data).is_absolute());
  CHECK(fs::equivalent(data, "configs/econ/travelmode.csv"));
  // Everything else is as it was, and the state's config builds from another folder.
  json rest = moved;
  rest["data"] = "travelmode.csv";
  CHECK(rest == loaded.resolved);
  const fs::path here = fs::current_path();
  fs::current_path(fs::temp_directory_path());
  bool built = false;
  try {
    built = ex::make_experiment(ex::resolve_config(moved, "state text", "."), 1) != nullptr;
  } catch (...) {
  }
  fs::current_path(here);
  CHECK(built);
  // A lesson's state resolves against its preset's folder, where the config came from: left as it is.
  const ex::LoadedConfig lesson = ex::load_config("configs/classroom/11_ml_calibration.json");
  CHECK(with_data_paths(lesson.resolved, lesson.config_dir, "configs/classroom") == lesson.resolved);
}

TEST_CASE("a state copied in high contrast says so, and reads back to it", "[gui][state_text]") {
  SharedState state;
  state.config = saved_preset("01_softmax_temperature.json");
  state.tab = "Softmax";
  CHECK(state_text(state).find("high_contrast") == std::string::npos);  // the light theme: texts as before
  state.high_contrast = true;
  const std::string text = state_text(state);
  CHECK(text.find(R"("gui":{"high_contrast":true,"tab":"Softmax"})") != std::string::npos);
  const SharedState back = parse_state_text(text);
  CHECK(back.high_contrast);
  CHECK(state_text(back) == text);
  // `arbiter run` of the text ignores it with the rest of "gui": the same resolved config.
  CHECK(ex::resolve_config(json::parse(text), "state", "configs/classroom").resolved ==
        ex::resolve_config(state.config, "saved", "configs/classroom").resolved);
}
