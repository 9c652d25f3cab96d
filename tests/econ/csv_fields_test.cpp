// The CSV tokenizer against a plain reference: unquoted lines of every length split at each comma (a
// trailing carriage return dropped from the last field), wherever the 16-byte blocks of the fast path fall;
// a quote anywhere before the newline takes the quoted path; a quote on the next line does not.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "econ/csv_fields.hpp"

using namespace arbiter::econ;

namespace {

std::vector<std::string> split_text(const std::string& line) {
  std::vector<std::string> out(1);
  for (char c : line)
    if (c == ',') out.emplace_back();
    else out.back() += c;
  if (!out.back().empty() && out.back().back() == '\r') out.back().pop_back();
  return out;
}

std::vector<std::string> views(const std::vector<csv::Field>& fields) {
  std::vector<std::string> out;
  for (const auto& f : fields) out.emplace_back(f.view());
  return out;
}

}  // namespace

TEST_CASE("unquoted lines split at every comma whatever their length and block alignment") {
  std::vector<csv::Field> fields;
  for (int n = 1; n <= 7; ++n)
    for (int shift = 0; shift < 23; ++shift)
      for (const char* ending : {"\n", "\r\n", ""}) {
        std::string line;
        for (int f = 0; f < n; ++f) {
          if (f) line += ',';
          line += std::string(static_cast<std::size_t>((f * 7 + shift * 3) % 19), static_cast<char>('a' + f));
        }
        // A prefix line moves the start of the line under test across the 16-byte blocks.
        const std::string prefix = std::string(static_cast<std::size_t>(shift), 'x') + "\n";
        const std::string text = prefix + line + ending + "next,line\n";
        const char* p = text.data();
        const char* end = text.data() + (*ending ? text.size() : prefix.size() + line.size());
        csv::split_line(p, end, fields);
        REQUIRE(views(fields) == std::vector<std::string>{std::string(static_cast<std::size_t>(shift), 'x')});
        csv::split_line(p, end, fields);
        INFO("line '" << line << "' ending " << (*ending ? "newline" : "none"));
        CHECK(views(fields) == split_text(line));
        if (*ending) {
          csv::split_line(p, end, fields);
          CHECK(views(fields) == std::vector<std::string>{"next", "line"});
        }
        CHECK(p == end);
      }
}

TEST_CASE("a quote late in a long line takes the quoted path, a quote on the next line does not") {
  std::vector<csv::Field> fields;
  const std::string text = "aaaaaaaaaaaaaaaaaaaa,bbbbbbbbbbbb,\"c,\"\"d\",e\r\nplain,\"q\"\n";
  const char* p = text.data();
  const char* end = text.data() + text.size();
  csv::split_line(p, end, fields);
  CHECK(views(fields) == std::vector<std::string>{"aaaaaaaaaaaaaaaaaaaa", "bbbbbbbbbbbb", "c,\"\"d", "e"});
  csv::split_line(p, end, fields);
  CHECK(views(fields) == std::vector<std::string>{"plain", "q"});
  CHECK(p == end);
  const std::string unquoted_first = "0123456789,0123456789,0123456789\n\"x\"\n";
  p = unquoted_first.data();
  end = unquoted_first.data() + unquoted_first.size();
  csv::split_line(p, end, fields);
  CHECK(views(fields) == std::vector<std::string>{"0123456789", "0123456789", "0123456789"});
  CHECK(*p == '"');
}
