#include "core/common/result.h"

namespace taxo {

const char* errorCodeName(ErrorCode code) {
    switch (code) {
    case ErrorCode::InvalidArgument: return "invalid argument";
    case ErrorCode::NotFound: return "not found";
    case ErrorCode::BadFormat: return "bad format";
    case ErrorCode::TooLarge: return "too large";
    case ErrorCode::Io: return "i/o error";
    case ErrorCode::Database: return "database error";
    case ErrorCode::Cancelled: return "cancelled";
    case ErrorCode::Numeric: return "numeric error";
    case ErrorCode::Internal: return "internal error";
    }
    return "error";
}

}  // namespace taxo
