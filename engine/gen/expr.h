// Typed expressions over the columns of one row, for derived columns
// (`expr: quantity * unit_price`) and template placeholders.
//
// Numbers stay exact: integers and decimals are scaled 64-bit integers and
// never pass through double (floats only when a float column is involved).
// NULL propagates through operators and most functions, as in SQL; so does
// every result that would not fit (64-bit overflow, non-finite floats,
// dates outside 0001..9999), so evaluation has no undefined behaviour.
// Text functions count Unicode code points (see engine/core/utf8.h).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engine/core/value.h"
#include "engine/gen/generator.h"

namespace seed {

class Expr {
 public:
  // Limits that keep parsing and evaluation (both recursive) within a small,
  // fixed stack whatever the spec says: the text's length in bytes, and the
  // tree's depth, where each parenthesis, unary operator (not, -), function
  // call and binary operator adds one level (`a + b + c` is 3 deep).
  static constexpr size_t kMaxLength = 64 * 1024;
  static constexpr int kMaxDepth = 200;
  // Longest text `+` or concat() builds; longer is NULL, like overflow. A
  // balanced tree of joins could otherwise repeat a column thousands of times.
  static constexpr size_t kMaxText = 1 << 20;

  // Parses `text`; names resolve against the same-row columns of `env`
  // (recorded in `depends`) and the row identifiers `row` (0-based) and
  // `seq` (1-based). The random_*() functions draw from `key` (the
  // column's, or a placeholder's within it) and the row. On error returns
  // nullptr and sets `error` and `error_offset` (byte offset into text).
  static std::unique_ptr<Expr> Parse(const std::string& text, GenEnv& env, uint64_t key,
                                     std::vector<int>& depends, std::string& error, size_t& error_offset);
  ~Expr();

  void Eval(const GenContext& ctx, Value& out) const;
  Type type() const;  // static result type (kNull if only known at run time)
  // The expression is exactly the identifier `seq` or `row`.
  bool IsRowIdentity() const;

  struct Node;

 private:
  explicit Expr(std::unique_ptr<Node> root);
  std::unique_ptr<Node> root_;
};

// Names of the built-in functions, for the README and suggestions.
std::vector<std::string> ExprFunctionNames();

}  // namespace seed
