// Typed expressions over the columns of one row, for derived columns
// (`expr: quantity * unit_price`) and template placeholders.
//
// Numbers stay exact: integers and decimals are scaled 64-bit integers and
// never pass through double (floats only when a float column is involved).
// NULL propagates through operators and most functions, as in SQL.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engine/core/value.h"
#include "engine/gen/generator.h"

namespace seed {

class Expr {
 public:
  // Parses `text`; names resolve against the same-row columns of `env`
  // (recorded in `depends`) and the row identifiers `row` (0-based) and
  // `seq` (1-based). On error returns nullptr and sets `error` and
  // `error_offset` (byte offset into text).
  static std::unique_ptr<Expr> Parse(const std::string& text, GenEnv& env, std::vector<int>& depends,
                                     std::string& error, size_t& error_offset);
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
