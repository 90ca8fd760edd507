// Masker: turns a real value into a safe one, keyed by a project secret
// (HMAC-SHA-256), never by anything in the specs. Deterministic: the same
// input, category and secret give the same output in every table and run,
// so joins on masked columns survive. Thread-safe after construction.
#pragma once

#include <string>

#include "engine/core/status.h"
#include "engine/core/value.h"
#include "engine/pii/hmac.h"
#include "engine/spec/spec.h"

namespace seed {

// The project secret: SEED_MASK_SECRET, or the file SEED_MASK_SECRET_FILE
// names. An error says how to set one; the secret never appears in it.
Result<std::string> LoadMaskSecret();

// keep, redact and none need no secret (nothing is derived from the value);
// fake, partial and hash do.
bool NeedsSecret(const std::string& strategy);
// Applies a strategy that needs no secret; false for one that does.
bool MaskUnkeyed(const Value& in, const PiiRule& rule, const std::string& strategy, Value& out);

class Masker {
 public:
  explicit Masker(const std::string& secret);

  // `in` masked under `strategy` (fake | partial | hash | redact | keep)
  // for the rule's category. NULL stays NULL. Never returns the input
  // unchanged unless the strategy is keep.
  void Mask(const Value& in, const PiiRule& rule, const std::string& strategy, Value& out) const;

 private:
  std::string Fake(const std::string& in, const PiiRule& rule) const;
  std::string Partial(const std::string& in, const PiiRule& rule) const;
  std::string Hash(const std::string& in, const PiiRule& rule) const;
  // Digits and letters of `s` replaced through keyed fixed-point-free
  // permutations (digits to digits, letters to letters, case and
  // punctuation kept): distinct inputs of one shape stay distinct.
  std::string Shape(const std::string& s, const std::string& tweak) const;
  uint64_t Key(const std::string& purpose, const std::string& text) const;

  Hmac hmac_;
  uint64_t base_;  // secret-derived root of the permutation keys
};

}  // namespace seed
