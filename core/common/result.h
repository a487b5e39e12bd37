#pragma once
// Errors a user can cause (a bad file, a bad CSV row, a wrong model) travel as values, not exceptions.
// A message always names the file (or object) and the problem, e.g. "photo.jpg: not an image (unknown format)".
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace taxo {

enum class ErrorCode {
    InvalidArgument,  // a parameter or option out of range
    NotFound,         // a file, specimen, run or model that does not exist
    BadFormat,        // a file that cannot be parsed (CSV, image, TFLite, JSON)
    TooLarge,         // a limit hit on purpose (decompression bombs, huge fields)
    Io,               // the operating system refused (permissions, disk full)
    Database,         // SQLite reported a failure
    Cancelled,        // the user asked to stop
    Numeric,          // NaN / infinite loss and similar
    Internal,         // a bug: should never reach a user
};

struct Error {
    ErrorCode code = ErrorCode::Internal;
    std::string message;
};

const char* errorCodeName(ErrorCode code);

inline Error makeError(ErrorCode code, std::string message) { return Error{code, std::move(message)}; }

// Result<T>: either a value or an Error. Result<void> carries only success or an Error.
template <class T>
class [[nodiscard]] Result {
public:
    Result(T value) : v_(std::move(value)) {}
    Result(Error error) : v_(std::move(error)) {}

    bool ok() const { return v_.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & { return std::get<0>(v_); }
    const T& value() const& { return std::get<0>(v_); }
    T&& value() && { return std::get<0>(std::move(v_)); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    const Error& error() const { return std::get<1>(v_); }

private:
    std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Error error) : error_(std::move(error)) {}
    bool ok() const { return !error_.has_value(); }
    explicit operator bool() const { return ok(); }
    const Error& error() const { return *error_; }

private:
    std::optional<Error> error_;
};

using Status = Result<void>;

}  // namespace taxo
