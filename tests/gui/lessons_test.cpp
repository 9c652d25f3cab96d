// The lesson list and the teaching pace: every classroom preset is a lesson, in file order, with the title and
// prompts of its own "lesson" object; a pace spreads a run over its stated wall time whatever the machine.
#include <catch2/catch.hpp>

#include <filesystem>
#include <set>
#include <string>
#include "experiments/config_loader.hpp"
#include "gui/app/lessons.hpp"
#include "gui/labs/teaching_pace.hpp"

namespace fs = std::filesystem;
using namespace arbiter::gui;

TEST_CASE("every classroom preset is a lesson and every lesson has its preset, in file order", "[gui][lessons]") {
  std::set<std::string> files;
  for (const auto& entry : fs::directory_iterator("configs/classroom"))
    if (entry.path().extension() == ".json") files.insert(entry.path().filename().string());
  REQUIRE(files.size() == lessons().size());
  std::size_t i = 0;
  for (const std::string& file : files) {  // sorted: 01_..., 02_..., so the lesson order is the file order
    INFO(file);
    CHECK(lessons()[i].file == file);
    CHECK(lesson_of("configs/classroom/" + file) == static_cast<int>(i));
    // The title and prompts are the preset's own "lesson" object.
    const nlohmann::json lesson = arbiter::experiments::read_json_file("configs/classroom/" + file).at("lesson");
    CHECK(lessons()[i].title == lesson.at("title").get<std::string>());
    CHECK(lessons()[i].notice == lesson.at("prompts").get<std::vector<std::string>>());
    // Its controls and reveal too (none: every control, nothing withheld).
    CHECK(lessons()[i].controls == lesson.value("controls", std::vector<std::string>()));
    const nlohmann::json reveal = lesson.value("reveal", nlohmann::json::object());
    CHECK(lessons()[i].reveal.series == reveal.value("series", std::vector<std::string>()));
    CHECK(lessons()[i].reveal.at_prompt == reveal.value("at_prompt", -1));
    CHECK_FALSE(lessons()[i].title.empty());
    CHECK(lessons()[i].notice.size() >= 2);
    ++i;
  }
  CHECK(lesson_of("configs/other/01_softmax_temperature.json.bak") == -1);
  // Lesson 9 withholds Onsager's curve until its third prompt and shows a class the temperature only.
  const Lesson& ising = lessons()[static_cast<std::size_t>(lesson_of("09_physics_ising.json"))];
  CHECK(ising.controls == std::vector<std::string>{"/temperatures"});
  CHECK(ising.reveal.series == std::vector<std::string>{"Onsager (L = inf)"});
  CHECK(ising.reveal.at_prompt == 2);
}

TEST_CASE("a teaching pace spreads a run over 90, 40 or 15 seconds, whatever steps one frame took",
          "[gui][lessons]") {
  // A bandit run of 1000 steps, 7 done (0.7%): normal owes 1000 / 40 = 25 steps per second.
  CHECK(steps_per_second(Pace::normal, 7, 0.007) == Approx(25.0));
  CHECK(steps_per_second(Pace::slow, 7, 0.007) == Approx(1000.0 / 90.0));
  CHECK(steps_per_second(Pace::fast, 300, 0.3) == Approx(1000.0 / 15.0));
  // Integrating the rate over frames of any length takes the run's stated time: 40 s at normal.
  for (double frame : {0.004, 0.016, 0.05}) {
    double steps = 1.0, pending = 0.0, t = 0.0;
    const double total = 3000.0;
    while (steps < total) {
      pending += steps_per_second(Pace::normal, static_cast<long long>(steps), steps / total) * frame;
      const double due = static_cast<double>(static_cast<long long>(pending));
      steps += due;
      pending -= due;
      t += frame;
    }
    INFO("frame " << frame << " s");
    CHECK(t == Approx(40.0).epsilon(0.02));
  }
  // No end (a live lattice): a fixed rate; per frame and before the first step: none.
  CHECK(steps_per_second(Pace::normal, 50, 0.0) == Approx(15.0));
  CHECK(steps_per_second(Pace::fast, 50, 0.0) == Approx(50.0));
  CHECK(steps_per_second(Pace::normal, 0, 0.0) == 0.0);
  CHECK(steps_per_second(Pace::per_frame, 10, 0.5) == 0.0);
  CHECK(run_seconds(Pace::per_frame) == 0.0);
}
