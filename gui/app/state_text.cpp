// The state text: the config plus a "gui" object, dumped as one line; read back through the config loader.
#include "gui/app/state_text.hpp"

#include <algorithm>
#include <filesystem>
#include "core/config_error.hpp"
#include "experiments/config_loader.hpp"
#include "gui/app/lessons.hpp"
#include "gui/labs/presets.hpp"

namespace arbiter::gui {

using nlohmann::json;

namespace {
constexpr const char* kSource = "state text";
}  // namespace

std::string state_text(const SharedState& state) {
  json out = state.config;
  json place = json::object();
  if (!state.lesson.empty()) {
    place["lesson"] = state.lesson;
    place["prompt"] = state.prompt;
  }
  if (!state.tab.empty()) place["tab"] = state.tab;
  if (state.high_contrast) place["high_contrast"] = true;
  out["gui"] = place;
  return out.dump();
}

SharedState parse_state_text(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) throw core::ConfigError(std::string(kSource) + ": empty (copy a state first)");
  json root;
  try {
    root = experiments::parse_json_text(text.substr(first), kSource);
  } catch (const json::exception& e) {
    std::string what = e.what();
    const auto start = what.find("] ");
    throw core::ConfigError(std::string(kSource) + ": malformed JSON: " +
                            (start == std::string::npos ? what : what.substr(start + 2)));
  }
  experiments::resolve_config(root, kSource, ".");  // the kind, its keys, the seed and "gui", as a run checks them
  SharedState state;
  if (root.contains("gui")) {
    const json& place = root["gui"];
    state.lesson = place.value("lesson", std::string());
    if (place.contains("prompt"))  // checked >= 0 by the loader; the band clamps it to the lesson's prompts
      state.prompt = static_cast<int>(std::min<std::uint64_t>(place["prompt"].get<std::uint64_t>(), 1u << 20));
    state.tab = place.value("tab", std::string());
    state.high_contrast = place.value("high_contrast", false);
    root.erase("gui");
  }
  if (!state.lesson.empty()) {
    const bool known = std::any_of(lessons().begin(), lessons().end(),
                                   [&](const Lesson& l) { return l.file == state.lesson; });
    if (!known) throw core::ConfigError(kSource, "/gui/lesson", "a lesson's preset file name (the Lessons menu)",
                                        "\"" + state.lesson + "\"");
  }
  state.config = std::move(root);
  return state;
}

std::string state_config_dir(const SharedState& state) {
  if (state.lesson.empty()) return ".";
  const std::string path = find_preset(state.lesson);
  const std::string dir = path.empty() ? std::string() : std::filesystem::path(path).parent_path().string();
  return dir.empty() ? "." : dir;
}

json with_data_paths(const json& config, const std::string& from, const std::string& to) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::equivalent(from.empty() ? "." : from, to.empty() ? "." : to, ec)) return config;
  json out = config;
  auto walk = [&](auto& self, json& node) -> void {
    if (node.is_object() || node.is_array()) {
      for (json& child : node) self(self, child);
    } else if (node.is_string()) {
      const std::string value = node.get<std::string>();
      if (value.empty() || value.size() > 4096 || fs::path(value).is_absolute()) return;
      const fs::path file = fs::path(from.empty() ? "." : from) / value;
      if (fs::is_regular_file(file, ec)) node = fs::weakly_canonical(fs::absolute(file, ec), ec).string();
    }
  };
  for (auto it = out.begin(); it != out.end(); ++it)
    if (it.key() != "kind" && it.key() != "description" && it.key() != "gui") walk(walk, it.value());
  return out;
}

}  // namespace arbiter::gui
