// arbiter-gui: the live front end. Parses the command line and hands over to the shell.
#include <iostream>
#include <string>
#include <vector>
#include "core/config_error.hpp"
#include "gui/app/command_line.hpp"
#include "gui/app/shell.hpp"

int main(int argc, char** argv) {
  using namespace arbiter;
  try {
    const gui::Options options = gui::parse_command_line(std::vector<std::string>(argv + 1, argv + argc));
    if (options.help) {
      std::cout << gui::usage();
      return 0;
    }
    return gui::run_gui(options);
  } catch (const core::InputError& e) {
    std::cerr << "arbiter-gui: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "arbiter-gui: " << e.what() << "\n";
    return 1;
  }
}
