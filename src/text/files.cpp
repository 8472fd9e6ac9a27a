#include "civica/text/files.hpp"

#include "civica/error.hpp"
#include "civica/text/limits.hpp"

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace civica::text {

namespace fs = std::filesystem;

std::string read_file(const fs::path& file, std::string_view what) {
    check_file_size(file);
    std::ifstream in(file, std::ios::binary);
    if (!in) throw io_error("cannot open " + std::string(what) + " \"" + file.string() + "\"");
    std::ostringstream ss;
    ss << in.rdbuf();
    if (in.bad()) throw io_error("cannot read " + std::string(what) + " \"" + file.string() + "\"");
    return std::move(ss).str();
}

std::string read_text_file(const fs::path& file, std::string_view what) {
    std::string text = read_file(file, what);
    if (text.size() >= 3 && text.compare(0, 3, "\xEF\xBB\xBF") == 0) text.erase(0, 3);
    return text;
}

mapped_file::mapped_file(const fs::path& p) {
    fd_ = ::open(p.c_str(), O_RDONLY);
    if (fd_ < 0) throw io_error(p.string() + ": cannot open: " + std::strerror(errno));
    struct stat st {};
    if (::fstat(fd_, &st) != 0) {
        const int err = errno;
        ::close(fd_);
        throw io_error(p.string() + ": cannot stat: " + std::strerror(err));
    }
    size_ = static_cast<std::size_t>(st.st_size);
    if (size_ > 0) {
        void* m = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd_, 0);
        if (m == MAP_FAILED) {
            const int err = errno;
            ::close(fd_);
            throw io_error(p.string() + ": cannot map: " + std::strerror(err));
        }
        ::madvise(m, size_, MADV_SEQUENTIAL);
        data_ = static_cast<const char*>(m);
    }
}

mapped_file::~mapped_file() {
    if (data_) ::munmap(const_cast<char*>(data_), size_);
    if (fd_ >= 0) ::close(fd_);
}

fs::path fresh_sibling(const fs::path& target, std::string_view purpose) {
    std::random_device rd;
    std::mt19937_64 gen((static_cast<std::uint64_t>(rd()) << 32) ^ rd());
    for (int attempt = 0; attempt < 100; ++attempt) {
        std::ostringstream name;
        name << '.' << target.filename().string() << '.' << purpose << '-' << std::hex << gen();
        fs::path p = target.parent_path() / name.str();
        std::error_code ec;
        if (!fs::exists(p, ec)) return p;
    }
    throw io_error("cannot find a free temporary name next to \"" + target.string() + "\"");
}

void sync_to_disk(const fs::path& p, bool directory) {
    const int fd = ::open(p.c_str(), directory ? (O_RDONLY | O_DIRECTORY) : O_RDONLY);
    if (fd < 0) throw io_error("cannot open \"" + p.string() + "\" to flush it: " + std::strerror(errno));
    const int rc = ::fsync(fd);
    const int err = errno;
    ::close(fd);
    if (rc != 0) throw io_error("cannot flush \"" + p.string() + "\" to disk: " + std::strerror(err));
}

void replace_atomically(const fs::path& target_in, const std::function<void(const fs::path&)>& write) {
    fs::path target = fs::absolute(target_in).lexically_normal();
    if (target.filename().empty()) target = target.parent_path();
    std::error_code ec;
    if (fs::is_directory(target, ec))
        throw io_error("cannot write \"" + target.string() + "\": it is a folder");
    try {
        fs::create_directories(target.parent_path());
    } catch (const fs::filesystem_error& e) {
        throw io_error("cannot create the folder \"" + target.parent_path().string() + "\": " + e.what());
    }
    const fs::path tmp = fresh_sibling(target, "tmp");
    try {
        write(tmp);
        sync_to_disk(tmp);
        fs::rename(tmp, target);
    } catch (const fs::filesystem_error& e) {
        fs::remove(tmp, ec);
        throw io_error("cannot write \"" + target.string() + "\": " + e.what());
    } catch (...) {
        fs::remove(tmp, ec);
        throw;
    }
    // The new file is in place whatever happens now; this makes the rename itself durable.
    sync_to_disk(target.parent_path(), true);
}

void write_file_atomically(const fs::path& target, std::string_view content) {
    replace_atomically(target, [&](const fs::path& tmp) {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out) throw io_error("cannot create \"" + tmp.string() + "\"");
        out.write(content.data(), static_cast<std::streamsize>(content.size()));
        out.close();
        if (!out) throw io_error("cannot write \"" + tmp.string() + "\"");
    });
}

}  // namespace civica::text
