// The exception family for bad input and misuse. Non-convergence and infeasibility are not
// errors: studies report them as statuses in their results.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>

namespace gat {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A file that cannot be read as what it claims to be. what() is "file:line: message".
class InputError : public Error {
 public:
  InputError(std::string file, std::size_t line, const std::string& message);
  const std::string& file() const { return file_; }
  std::size_t line() const { return line_; }  // 0 when the error concerns the whole file
  const std::string& message() const { return message_; }

 private:
  std::string file_;
  std::size_t line_;
  std::string message_;
};

// A model that parses but is inconsistent; element names the element ("branch 7 (4-9)").
class ModelError : public Error {
 public:
  ModelError(std::string element, const std::string& message);
  const std::string& element() const { return element_; }

 private:
  std::string element_;
};

// A back end (solver, device) that was asked for but is not compiled in or not present.
class SolverUnavailable : public Error {
 public:
  using Error::Error;
};

// The caller asked for something meaningless (bad option value, wrong sizes).
class UsageError : public Error {
 public:
  using Error::Error;
};

}  // namespace gat
