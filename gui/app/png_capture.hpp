// Writes the current OpenGL framebuffer (the window as drawn this frame, before the buffer swap) to a PNG
// file through stb_image_write. Needs a current OpenGL context.
#pragma once
#include <string>

namespace arbiter::gui {

// Returns false and sets `error` if the file cannot be written.
bool write_framebuffer_png(const std::string& path, int width, int height, std::string& error);

}  // namespace arbiter::gui
