// The lessons: the classroom presets in file order, titles and prompts from each preset's "lesson" object.
#include "gui/app/lessons.hpp"

#include <algorithm>
#include <exception>
#include <filesystem>

#include "experiments/config_loader.hpp"
#include "gui/labs/presets.hpp"

namespace arbiter::gui {

namespace fs = std::filesystem;

namespace {

// The classroom folder's presets in file-name order, each with its "lesson" title, prompts, controls and reveal
// (a preset without one, or one that does not parse, is a lesson titled by its file name, without prompts).
std::vector<Lesson> read_lessons() {
  std::vector<Lesson> out;
  const fs::path folder = classroom_folder();
  std::error_code ec;
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(folder, ec))
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  for (const fs::path& file : files) {
    Lesson lesson{file.filename().string(), file.stem().string(), {}, {}, {}};
    try {
      const nlohmann::json config = experiments::read_json_file(file.string());
      const nlohmann::json& l = config.value("lesson", nlohmann::json::object());
      lesson.title = l.value("title", lesson.title);
      lesson.notice = l.value("prompts", std::vector<std::string>());
      lesson.controls = l.value("controls", std::vector<std::string>());
      const nlohmann::json& reveal = l.value("reveal", nlohmann::json::object());
      lesson.reveal.series = reveal.value("series", std::vector<std::string>());
      lesson.reveal.at_prompt = reveal.value("at_prompt", -1);
    } catch (const std::exception&) {
      // Left as it is: opening the preset shows its error.
    }
    out.push_back(std::move(lesson));
  }
  return out;
}

}  // namespace

const std::vector<Lesson>& lessons() {
  static const std::vector<Lesson> table = read_lessons();
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
