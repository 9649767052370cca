// Typed Model values. Every value carries its state (known, unknown with a reason, or
// absent) and its origin: the range it is written at (file and bytes) and its logical
// path (`Resources/Web/Properties/ImageId`, `resource.aws_instance.web.ami`). Rules
// report on a value and the finding takes both from it. Predicates on values that are
// not known are false, so rules never guess.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "linter/source/source.h"

namespace amilint {

// Where something is written: its range and its logical path.
struct Origin {
  Range range;
  std::string path;
};

enum class State : unsigned char {
  Absent,   // not written: the format's default applies
  Unknown,  // written, but its value cannot be known here (reason says why)
  Known,
};

template <class T>
struct Value : Origin {
  T value{};
  State state = State::Absent;
  std::string reason;  // Unknown: why

  bool known() const { return state == State::Known; }
  bool unknown() const { return state == State::Unknown; }
  bool absent() const { return state == State::Absent; }
  // Known and equal to v.
  bool is(const T& v) const { return known() && value == v; }

  static Value make_known(T v, Range r, std::string p = {}) {
    Value out;
    out.value = std::move(v);
    out.state = State::Known;
    out.range = r;
    out.path = std::move(p);
    return out;
  }
  static Value make_unknown(Range r, std::string p = {}, std::string why = {}) {
    Value out;
    out.state = State::Unknown;
    out.range = r;
    out.path = std::move(p);
    out.reason = std::move(why);
    return out;
  }
  static Value make_absent(Range r = {}, std::string p = {}) {
    Value out;
    out.range = r;
    out.path = std::move(p);
    return out;
  }
};

using Str = Value<std::string>;

// A boolean. `text` keeps the scalar as written (`True`, `"false"`), which messages
// quote and fingerprints hash.
struct Bool : Value<bool> {
  std::string text;
  bool is_true() const { return known() && value; }
  bool is_false() const { return known() && !value; }
};

// A boolean from a scalar's text: true/True/TRUE and false/False/FALSE (the YAML core
// schema's spellings, which CloudFormation and Terraform both accept); any other text
// is an unknown value.
Bool bool_of(const std::string& text, Range r, std::string path);
// A scalar read as a boolean: known when its text is a boolean; otherwise with its
// state (and origin) as it is.
Bool bool_of(const Str& s);

// A list of strings. `items` are its elements, each with its own state; the list's
// own state says whether it is written (absent), and whether it could be read at all.
struct StrList : Origin {
  std::vector<Str> items;
  State state = State::Absent;

  bool absent() const { return state == State::Absent; }
  bool known() const { return state == State::Known; }
  // Known, and every element known.
  bool all_known() const {
    if (!known()) return false;
    for (const auto& i : items)
      if (!i.known()) return false;
    return true;
  }
};

}  // namespace amilint
