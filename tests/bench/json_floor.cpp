// The floor amilint's plan path is measured against: read each file whole, then parse
// it with nlohmann_json's SAX parser and a handler that does nothing.
#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>
#include <string>

namespace {

struct Nothing {
  using Json = nlohmann::json;
  bool null() { return true; }
  bool boolean(bool) { return true; }
  bool number_integer(Json::number_integer_t) { return true; }
  bool number_unsigned(Json::number_unsigned_t) { return true; }
  bool number_float(Json::number_float_t, const Json::string_t&) { return true; }
  bool string(Json::string_t&) { return true; }
  bool binary(Json::binary_t&) { return true; }
  bool start_object(std::size_t) { return true; }
  bool end_object() { return true; }
  bool start_array(std::size_t) { return true; }
  bool end_array() { return true; }
  bool key(Json::string_t&) { return true; }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) { return false; }
};

bool read_whole(const char* path, std::string& out) {
  FILE* f = std::fopen(path, "rb");
  if (!f) return false;
  std::fseek(f, 0, SEEK_END);
  long size = std::ftell(f);
  std::fseek(f, 0, SEEK_SET);
  out.resize(size > 0 ? static_cast<size_t>(size) : 0);
  bool ok = std::fread(out.data(), 1, out.size(), f) == out.size();
  std::fclose(f);
  return ok;
}

}  // namespace

int main(int argc, char** argv) {
  size_t errors = 0;
  for (int i = 1; i < argc; ++i) {
    std::string text;
    Nothing h;
    if (!read_whole(argv[i], text) || !nlohmann::json::sax_parse(text, &h)) ++errors;
  }
  std::cout << (argc - 1) << " files, " << errors << " errors\n";
  return 0;
}
