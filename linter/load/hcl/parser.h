// The HCL parser: recursive descent over the lexer's tokens, building the flat AST
// of HclFile. Internal to linter/load/hcl/; parse_hcl (parser.cpp) is its entry.
// The class is defined in four files by the part of the grammar they read:
//   parser.cpp       token access, messages, bodies, blocks and arguments
//   expressions.cpp  operators, terms, calls, tuples, objects and for expressions
//   traversals.cpp   the steps after a term: .name, [key], [*] and .*
//   templates.cpp    quoted strings and heredocs, escapes, %{if}/%{for} directives
// Every error is reported through fail (stop at the first error: throws Abort) or
// soft (an error after which the reference parser goes on).
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "linter/load/hcl/hcl.h"
#include "linter/load/hcl/lexer.h"
#include "linter/load/loaders.h"

namespace amilint {
namespace hcl {
namespace detail {

// A piece of a template before its structure is built.
enum class PartKind : uint8_t { Lit, Interp, If, Else, EndIf, For, EndFor, End };
struct Part {
  PartKind kind;
  Range range;
  StrRef str;          // Lit
  Id expr = kNone;     // Interp: the expression; If: the condition; For: the collection
  Range key_name, name;  // For
};

class Parser {
 public:
  Parser(HclFile& f, const TokenBuffer& toks) : f_(f), s_(f.text), toks_(toks) {}

  // The file's top-level body. Throws Abort after the first error (in f.errors).
  Id parse_file();

 private:
  // ----- token access (parser.cpp) ---------------------------------------------
  struct Tok {
    T type;
    uint32_t index;
  };

  // The next significant token: comments are skipped, and newlines too unless
  // they are significant here; a line comment ends with its line break, so it
  // stands for a newline where newlines count.
  Tok peek() const {
    const bool nl = nl_.back() != 0;
    for (uint32_t i = pos_;; ++i) {
      const Token& t = toks_[i];
      if (t.type == T::Comment) {
        if (nl && s_[t.end - 1] == '\n') return Tok{T::Newline, i};
        continue;
      }
      if (t.type == T::Newline && !nl) continue;
      return Tok{t.type, i};
    }
  }
  Tok read() {
    Tok t = peek();
    if (toks_[t.index].type != T::Eof) pos_ = t.index + 1;
    return t;
  }
  uint32_t begin(Tok t) const { return toks_[t.index].begin; }
  uint32_t end(Tok t) const { return toks_[t.index].end; }
  Range range(Tok t) const { return Range{begin(t), end(t)}; }
  std::string_view text(Tok t) const { return s_.substr(begin(t), end(t) - begin(t)); }
  bool keyword(Tok t, std::string_view word) const { return t.type == T::Ident && text(t) == word; }

  struct Newlines {  // significance of newlines for a nested construct
    Newlines(Parser* p, bool on) : p_(p) { p_->nl_.push_back(on); }
    ~Newlines() { p_->nl_.pop_back(); }
    Parser* p_;
  };

  struct Depth {
    Depth(Parser* p, uint32_t offset) : p_(p) {
      if (++p_->depth_ > kMaxNestingDepth)
        p_->fail(offset, "nesting deeper than " + std::to_string(kMaxNestingDepth) +
                             " levels; simplify the expression or split it with locals");
    }
    ~Depth() { --p_->depth_; }
    Parser* p_;
  };

  [[noreturn]] void fail(uint32_t offset, std::string message);
  void soft(uint32_t offset, std::string message);
  uint32_t find_close_bracket();
  std::string quote(std::string_view s) const;
  std::string what(Tok t) const;
  std::string here(uint32_t offset) const;

  // ----- nodes -----------------------------------------------------------------
  Id add(const Expr& e) {
    f_.exprs.push_back(e);
    return static_cast<Id>(f_.exprs.size() - 1);
  }

  // Moves scratch_[base..] into HclFile::lists; returns the start index.
  uint32_t commit_list(size_t base, uint32_t* count) {
    uint32_t start = static_cast<uint32_t>(f_.lists.size());
    f_.lists.insert(f_.lists.end(), scratch_.begin() + static_cast<std::ptrdiff_t>(base), scratch_.end());
    *count = static_cast<uint32_t>(scratch_.size() - base);
    scratch_.resize(base);
    return start;
  }

  StrRef store(std::string_view s) {
    StrRef r{static_cast<uint32_t>(f_.strings.size()), static_cast<uint32_t>(s.size())};
    f_.strings.append(s.data(), s.size());
    return r;
  }

  // ----- bodies (parser.cpp) ---------------------------------------------------
  using NameIndex = std::unique_ptr<std::unordered_set<std::string_view>>;
  Id parse_body(T end_type, Range open);
  void parse_body_item(size_t attr_base, NameIndex& names);
  void check_unique(Id attr, size_t attr_base, NameIndex& names);
  void duplicate(const Attribute& a, const Attribute& first);
  Id parse_attribute(Tok ident, bool single_line);
  Id parse_block(Tok type);
  Id parse_single_line_body(Tok open);
  uint32_t token_at(uint32_t offset) const;
  void skip_item(uint32_t from);
  void single_line_close(Tok open, size_t mark, bool recovering);
  Label parse_label();

  // ----- expressions (expressions.cpp) -----------------------------------------
  Id parse_expression();
  Id parse_binary(int min_level);
  Id parse_operand() { return parse_traversals(parse_term()); }
  Id parse_term();
  void check_number(Tok t);
  Id parse_call(Tok name);
  Id parse_tuple();
  Id parse_object();
  Id parse_for(Tok open);

  // ----- traversals (traversals.cpp) -------------------------------------------
  struct Chain;
  Id parse_traversals(Id from);
  void close_chain(Chain& c);
  void add_step(Chain& c, const Step& st);
  void parse_dot_step(Chain& c);
  void parse_attr_splat(Chain& c, Tok dot);
  void parse_bracket_step(Chain& c);
  void parse_full_splat(Chain& c, Tok open_brack);
  bool is_literal_key(Id key) const;
  void legacy_index(Tok num);

  // ----- templates (templates.cpp) ---------------------------------------------
  StrRef decode(Tok t, bool quoted);
  Id parse_template();
  Tok parse_template_parts(Tok open, T end_type);
  void template_literal(Tok lit, bool ltrim);
  bool template_interp(Tok open, uint32_t start_offset, T end_type);
  bool template_directive(Tok open);
  void template_for_header(Part& p);
  Id build_template(Range whole, size_t base, uint8_t flags);
  std::string_view marker(Tok open) const;
  void trim_previous(Tok opener, bool can_trim_prev, size_t base);
  [[noreturn]] void interp_error(Tok t, uint32_t start_offset, T end_type);
  void flush_indentation(size_t base);
  void meld_literals(size_t base);
  Id build_part(size_t& i);
  Id build_if(size_t& i);
  Id build_for(size_t& i);

  HclFile& f_;
  std::string_view s_;
  const TokenBuffer& toks_;
  uint32_t pos_ = 0;
  int depth_ = 0;
  std::vector<uint8_t> nl_;
  std::vector<Id> scratch_;
  std::vector<Step> step_scratch_;
  std::vector<BodyItem> item_scratch_;
  std::vector<Label> label_scratch_;
  std::vector<Id> attr_names_;
  std::vector<Part> parts_;
  std::vector<size_t> flush_scratch_;
};

}  // namespace detail
}  // namespace hcl
}  // namespace amilint
