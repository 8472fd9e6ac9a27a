// A test or fuzz program's own scratch folder, removed when the program ends.
#pragma once

#include <filesystem>
#include <system_error>
#include <utility>

#include <sys/types.h>
#include <unistd.h>

namespace civica_test {

/// Holds the folder `path`: made empty when the holder is made, removed with everything in it
/// when the holder goes (as a function's static, when the program ends), so that a run leaves
/// nothing behind. A child the program forks, which ends with _exit or is killed, leaves it
/// alone; so would one that ran destructors, since only the process that made it removes it.
class scratch_folder {
public:
    explicit scratch_folder(std::filesystem::path path) : path_(std::move(path)) {
        std::filesystem::remove_all(path_);
        std::filesystem::create_directories(path_);
    }
    scratch_folder(const scratch_folder&) = delete;
    scratch_folder& operator=(const scratch_folder&) = delete;
    ~scratch_folder() {
        std::error_code ignored;
        if (::getpid() == owner_) std::filesystem::remove_all(path_, ignored);
    }
    const std::filesystem::path& path() const noexcept { return path_; }

private:
    ::pid_t owner_ = ::getpid();
    std::filesystem::path path_;
};

}  // namespace civica_test
