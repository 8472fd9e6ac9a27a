#include "civica/text/files.hpp"

#include "civica/core/interruption.hpp"
#include "civica/error.hpp"
#include "civica/text/limits.hpp"
#include "civica/text/text.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <iomanip>
#include <random>
#include <sstream>
#include <vector>

#include <fcntl.h>
#include <stdio.h>  // renameat2, RENAME_EXCHANGE (glibc 2.28+)
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace civica::text {

namespace fs = std::filesystem;

namespace {
fs::path& noted_data_dir() {
    static fs::path dir;
    return dir;
}
}  // namespace

bool detail::note_data_dir(const char* dir) noexcept {
    try {
        if (noted_data_dir().empty() && dir != nullptr && *dir != '\0') noted_data_dir() = dir;
    } catch (...) {  // out of memory before main(): the other sources still apply
    }
    return true;
}

fs::path default_data_dir() {
    if (const char* env = std::getenv("CIVICA_DATA_DIR"); env != nullptr && *env != '\0') return fs::path(env);
    if (!noted_data_dir().empty()) return noted_data_dir();
    return {};  // never the source tree the library was built from (it may be another version's)
}

fs::path bundled_data_dir(std::string_view what) {
    auto dir = default_data_dir();
    if (dir.empty())
        throw io_error("cannot read " + std::string(what) +
                       ": no data folder is known: set CIVICA_DATA_DIR to civica's data folder (share/civica/data "
                       "of its installation), or build the program with CMake's find_package(civica), which tells it");
    return dir;
}

void check_not_special(const fs::path& file, std::string_view what) {
    std::error_code ec;
    const auto status = fs::status(file, ec);
    if (fs::exists(status) && !fs::is_regular_file(status) && !fs::is_directory(status))
        throw io_error("cannot open " + std::string(what) + " \"" + file.string() + "\": it is " +
                       (fs::is_fifo(status) ? "a named pipe" : fs::is_socket(status) ? "a socket" : "a device") +
                       ", not a file; civica reads a file whole, and may read it twice (save it to a file first)");
}

void check_input_file(const fs::path& file, std::string_view what) {
    std::error_code ec;
    if (fs::is_directory(file, ec))
        throw io_error("cannot open " + std::string(what) + " \"" + file.string() + "\": it is a folder, not a file");
    check_not_special(file, what);
    check_file_size(file);
}

std::string cannot_open(const fs::path& file, std::string_view what) {
    const int err = errno;
    return "cannot open " + (what.empty() ? std::string() : std::string(what) + " ") + "\"" + file.string() + "\"" +
           (err != 0 ? ": " + std::string(std::strerror(err)) : std::string());
}

std::string read_file(const fs::path& file, std::string_view what) {
    check_input_file(file, what);
    errno = 0;
    std::ifstream in(file, std::ios::binary);
    if (!in) throw io_error(cannot_open(file, what));
    std::ostringstream ss;
    ss << in.rdbuf();
    if (in.bad()) throw io_error("cannot read " + std::string(what) + " \"" + file.string() + "\"");
    return std::move(ss).str();
}

std::string read_text_file(const fs::path& file, std::string_view what) {
    std::string text = read_file(file, what);
    if (text.size() >= 3 && text.compare(0, 3, "\xEF\xBB\xBF") == 0) text.erase(0, 3);
    if (const std::size_t bad = find_invalid_utf8(text); bad != std::string::npos) {
        const std::string_view before = std::string_view(text).substr(0, bad);
        const std::size_t line = 1 + static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n'));
        const std::size_t last_break = before.rfind('\n');
        const std::size_t column = bad - (last_break == std::string_view::npos ? 0 : last_break + 1) + 1;
        throw parse_error(file.string(), line, column, {},
                          "the " + std::string(what) + " is not UTF-8 text (byte " + std::to_string(column) +
                              " of the line" +
                              (detect_encoding(text) == text_encoding::windows1251 ? "; Windows-1251?" : "") +
                              "): save it as UTF-8");
    }
    return text;
}

mapped_file::mapped_file(const fs::path& p) {
    check_not_special(p);  // opening a named pipe would wait for a writer
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
    // A name may take 255 bytes (NAME_MAX of Linux's file systems): the target's name is cut,
    // at a character's start, so that the sibling of a name near that length still fits.
    constexpr std::size_t name_max = 255;
    std::string base = target.filename().string();
    const std::size_t room = name_max - (1 + 1 + purpose.size() + 1 + 16);
    if (base.size() > room) {
        std::size_t cut = room;
        while (cut > 0 && (static_cast<unsigned char>(base[cut]) & 0xC0) == 0x80) --cut;  // a UTF-8 continuation byte
        base.resize(cut);
    }
    for (int attempt = 0; attempt < 100; ++attempt) {
        std::ostringstream name;
        name << '.' << base << '.' << purpose << '-' << std::hex << std::setw(16) << std::setfill('0') << gen();
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

namespace {

/// `p` as an absolute path without `.`/`..` parts or a trailing separator ("out/" names "out").
fs::path normalized(const fs::path& p) {
    // An empty path (a variable left unset) names nothing to write: said as io::read says it,
    // not as std::filesystem's "cannot make absolute path".
    if (p.empty()) throw io_error("\"\" names no file or folder to write");
    fs::path target = fs::absolute(p).lexically_normal();
    if (target.filename().empty()) target = target.parent_path();
    return target;
}

/// The path an atomic replacement of `target` (normalized) puts its new content at: `target`
/// itself, or, when it is a symbolic link, the path its chain of links ends at (a relative link
/// read from the link's own folder, as the system reads it), which need not exist yet (a link
/// to a file not written yet). Throws io_error naming `target` for a loop of links.
fs::path final_target(const fs::path& target) {
    constexpr int max_links = 40;  // Linux's own limit on a path's links (MAXSYMLINKS)
    fs::path p = target;
    for (int links = 0;; ++links) {
        std::error_code ec;
        if (!fs::is_symlink(p, ec)) break;
        if (links == max_links)
            throw io_error("cannot write \"" + target.string() + "\": it is a symbolic link to a symbolic link, " +
                           std::to_string(max_links) + " times over (a loop of links?)");
        const fs::path link = fs::read_symlink(p, ec);
        if (ec)
            throw io_error("cannot write \"" + target.string() + "\": cannot read the link \"" + p.string() +
                           "\": " + ec.message());
        p = link.is_absolute() ? link : p.parent_path() / link;
    }
    if (p == target) return target;
    // The folders on the way may be links too: the link's file as the system finds it.
    std::error_code ec;
    const fs::path resolved = fs::weakly_canonical(p, ec);
    return normalized(ec ? p : resolved);
}

void create_parent(const fs::path& target) {
    std::error_code ec;
    fs::create_directories(target.parent_path(), ec);
    if (ec) {
        // The part of the path that is in the way: a file where a folder should be.
        std::string why = ec.message();
        for (fs::path p = target.parent_path(); !p.empty() && p != p.root_path(); p = p.parent_path()) {
            std::error_code kind;
            if (fs::exists(p, kind) && !fs::is_directory(p, kind)) {
                why = "\"" + p.string() + "\" is a file, not a folder";
                break;
            }
        }
        throw io_error("cannot create the folder \"" + target.parent_path().string() + "\": " + why);
    }
}

/// Flushes every file and folder under `dir`, then `dir` itself.
void sync_tree(const fs::path& dir) {
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
        if (e.is_symlink()) continue;
        if (e.is_regular_file()) sync_to_disk(e.path());
        else if (e.is_directory()) sync_to_disk(e.path(), true);
    }
    sync_to_disk(dir, true);
}

/// Gives `fresh`, the replacement of `old`, the old file's or folder's permission bits and, where
/// this process may set them (root, or a group it belongs to), its owner and group, as editors
/// keep them: a private file (0600) stays private, a shared one stays readable. Nothing when
/// `old` does not exist (a new file gets the usual 0666 less the umask). Throws io_error
/// naming `target` when the permissions cannot be set; a refused change of owner is left (the
/// new file is the writer's own, as any file it makes).
void keep_access(const fs::path& old, const fs::path& fresh, const fs::path& target) {
    struct stat was {};
    if (::stat(old.c_str(), &was) != 0) return;
    struct stat now {};
    if (::stat(fresh.c_str(), &now) != 0)
        throw io_error("cannot write \"" + target.string() + "\": " + std::strerror(errno));
    // The owner first: a change of owner clears the set-user-ID and set-group-ID bits.
    if (now.st_uid != was.st_uid || now.st_gid != was.st_gid) {
        if (::chown(fresh.c_str(), was.st_uid, was.st_gid) != 0)
            (void)::chown(fresh.c_str(), static_cast<uid_t>(-1), was.st_gid);  // the group alone, if allowed
    }
    if (::chmod(fresh.c_str(), was.st_mode & 07777) != 0)
        throw io_error("cannot write \"" + target.string() + "\": cannot give the new file the old one's permissions: " +
                       std::strerror(errno));
}

/// Swaps the names of two folders in one step. False when the file system cannot (the caller
/// then falls back to two renames); throws io_error for any other failure.
bool exchange(const fs::path& a, const fs::path& b) {
#ifdef RENAME_EXCHANGE
    if (::renameat2(AT_FDCWD, a.c_str(), AT_FDCWD, b.c_str(), RENAME_EXCHANGE) == 0) return true;
    const int err = errno;
    if (err == EINVAL || err == ENOSYS || err == EOPNOTSUPP) return false;
    throw io_error("cannot put \"" + a.string() + "\" in the place of \"" + b.string() + "\": " + std::strerror(err));
#else
    (void)a;
    (void)b;
    return false;
#endif
}

}  // namespace

namespace {
// Runs this thread's interruption checks (civica/core/interruption.hpp): the last moment a
// write can still leave its target as it was.
void before_commit() { check_interruption(); }
}  // namespace

namespace {
/// Puts the file `tmp` at `file` without replacing anything there: false when `file` exists.
/// renameat2(RENAME_NOREPLACE) where the system has it, else a hard link (then `tmp` removed);
/// a file system that takes neither gets the name claimed with O_EXCL and the file renamed
/// over its own claim (the claim removed when that fails): there, a crash in between leaves
/// an empty file at `file`.
bool put_new(const fs::path& tmp, const fs::path& file) {
#ifdef RENAME_NOREPLACE
    if (::renameat2(AT_FDCWD, tmp.c_str(), AT_FDCWD, file.c_str(), RENAME_NOREPLACE) == 0) return true;
    if (errno == EEXIST) return false;
    if (errno != EINVAL && errno != ENOSYS && errno != EOPNOTSUPP)
        throw fs::filesystem_error("rename", tmp, file, std::error_code(errno, std::generic_category()));
#endif
    std::error_code ec;
    if (::link(tmp.c_str(), file.c_str()) == 0) {
        fs::remove(tmp, ec);
        return true;
    }
    if (errno == EEXIST) return false;
    const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0) {
        if (errno == EEXIST) return false;
        throw fs::filesystem_error("create", file, std::error_code(errno, std::generic_category()));
    }
    ::close(fd);
    try {
        fs::rename(tmp, file);
    } catch (...) {
        fs::remove(file, ec);  // the claim, which holds nothing
        throw;
    }
    return true;
}

/// `message` with the hidden sibling `tmp` a writer was writing named as `target`, the file or
/// folder it was for ("cannot write \"out/.data.tmp-1a2b/manifest.json\"" → "out/data/manifest.json").
std::string in_place_of(std::string message, const fs::path& tmp, const fs::path& target) {
    const std::string hidden = tmp.string(), shown = target.string();
    for (std::size_t at = message.find(hidden); at != std::string::npos; at = message.find(hidden, at + shown.size()))
        message.replace(at, hidden.size(), shown);
    return message;
}

/// replace_atomically (replace: true) and create_atomically (false).
void write_atomically(const fs::path& target_in, const std::function<void(const fs::path&)>& write, bool replace) {
    const fs::path target = normalized(target_in);
    // A symbolic link stays: the file it leads to is replaced (see the design notes).
    const fs::path file = final_target(target);
    std::error_code ec;
    const auto status = fs::status(file, ec);
    if (fs::is_directory(status))
        throw io_error("cannot write \"" + target.string() + "\": it is a folder");
    // Renaming over a device or a named pipe (/dev/null as root, or a link to it) would put a
    // plain file in its place.
    if (fs::exists(status) && !fs::is_regular_file(status))
        throw io_error("cannot write \"" + target.string() + "\"" +
                       (file != target ? " (a link to \"" + file.string() + "\")" : "") +
                       ": it is a device or a pipe, not a file civica can replace");
    const auto exists = [&] { return io_error("cannot write \"" + target.string() + "\": it exists already"); };
    if (!replace && fs::exists(fs::symlink_status(target, ec))) throw exists();
    create_parent(file);
    const fs::path tmp = fresh_sibling(file, "tmp");
    {
        // A folder that takes no new file is said of the target, before any writer runs (its
        // own error would name the hidden temporary file).
        const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd < 0)
            throw io_error("cannot write \"" + target.string() + "\": cannot create a file in \"" +
                           file.parent_path().string() + "\": " + std::strerror(errno));
        ::close(fd);
        fs::remove(tmp, ec);
    }
    try {
        write(tmp);
        if (replace) keep_access(file, tmp, target);
        sync_to_disk(tmp);
        before_commit();
        if (replace) fs::rename(tmp, file);
        else if (!put_new(tmp, file)) throw exists();  // made by another writer meanwhile
    } catch (const fs::filesystem_error& e) {
        fs::remove(tmp, ec);
        throw io_error("cannot write \"" + target.string() + "\": " + e.code().message());
    } catch (const io_error& e) {
        fs::remove(tmp, ec);
        throw io_error(in_place_of(e.what(), tmp, file));
    } catch (...) {
        fs::remove(tmp, ec);
        throw;
    }
    // The new file is in place whatever happens now; this makes the rename itself durable.
    sync_to_disk(file.parent_path(), true);
}
}  // namespace

void replace_atomically(const fs::path& target, const std::function<void(const fs::path&)>& write) {
    write_atomically(target, write, true);
}

void create_atomically(const fs::path& target, const std::function<void(const fs::path&)>& write) {
    write_atomically(target, write, false);
}

namespace {
/// Throws when `folder` is not empty and lacks the marker `options` asks for: it is not what
/// the writer writes, and replacing it would wipe someone's files.
void refuse_unmarked(const fs::path& folder, const fs::path& target, const folder_replacement& options) {
    std::error_code ec;
    if (!options.marker.empty() && !fs::exists(folder / options.marker, ec) && !fs::is_empty(folder, ec))
        throw io_error("refusing to replace \"" + target.string() + "\": it is not empty and has no " +
                       options.marker + ", so it is not what this writer writes");
}
}  // namespace

void replace_folder_atomically(const fs::path& target_in, const std::function<void(const fs::path&)>& write,
                               const folder_replacement& options) {
    const fs::path target = normalized(target_in);
    // A symbolic link stays: the folder it leads to is replaced (see the design notes).
    const fs::path folder = final_target(target);
    std::error_code ec;
    const auto status = fs::status(folder, ec);
    const bool exists = fs::exists(status);
    if (exists) {
        if (!fs::is_directory(status))
            throw io_error("cannot write a folder at \"" + target.string() + "\": it is a file");
        refuse_unmarked(folder, target, options);
    }
    create_parent(folder);
    const fs::path tmp = fresh_sibling(folder, "tmp");
    fs::path old;  // the old folder's hidden name after the swap, removed last
    // What replacing a folder that is there takes before the swap: its kept entries and its
    // access bits in the new one.
    const auto take_from_existing = [&] {
        if (options.keep) {
            for (const auto& entry : fs::directory_iterator(folder)) {
                const fs::path name = entry.path().filename();
                if (!options.keep(name) || fs::exists(tmp / name, ec)) continue;
                fs::copy(entry.path(), tmp / name, fs::copy_options::recursive | fs::copy_options::copy_symlinks);
            }
        }
        keep_access(folder, tmp, target);
    };
    try {
        fs::create_directory(tmp);
        write(tmp);
        if (exists) take_from_existing();
        sync_tree(tmp);
        before_commit();
        if (!exists) {
            std::error_code renamed;
            fs::rename(tmp, folder, renamed);
            if (renamed) {
                // A folder appeared there meanwhile (two first writes at once): replaced as a
                // folder that was there is, by the same rules (the marker, the kept entries),
                // so the last writer wins and nobody else's folder is wiped.
                if (!fs::is_directory(folder, ec))
                    throw io_error("cannot write the folder \"" + target.string() + "\": " + renamed.message());
                refuse_unmarked(folder, target, options);
                take_from_existing();
                sync_tree(tmp);
                if (!exchange(tmp, folder))
                    throw io_error("cannot write the folder \"" + target.string() + "\": " + renamed.message());
                old = tmp;
            }
        } else if (exchange(tmp, folder)) {
            old = tmp;
        } else {
            // No swap on this file system: two renames (see the design notes in the header).
            old = fresh_sibling(folder, "old");
            fs::rename(folder, old);
            try {
                fs::rename(tmp, folder);
            } catch (...) {
                fs::rename(old, folder);
                throw;
            }
        }
    } catch (const fs::filesystem_error& e) {
        fs::remove_all(tmp, ec);
        // The system's reason, without the hidden folder's name, which means nothing to the user.
        throw io_error("cannot write the folder \"" + target.string() + "\": " + e.code().message());
    } catch (const io_error& e) {
        fs::remove_all(tmp, ec);
        // A file the writer could not write (a full disk) is named in the folder it was for.
        throw io_error(in_place_of(e.what(), tmp, folder));
    } catch (...) {
        fs::remove_all(tmp, ec);
        throw;
    }
    // The new folder is in place whatever happens now; this makes the swap itself durable,
    // before the old content goes.
    sync_to_disk(folder.parent_path(), true);
    if (!old.empty()) fs::remove_all(old, ec);
}

folder_watch::folder_watch(const fs::path& folder) : folder_(folder) {
    fd_ = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

folder_watch::~folder_watch() {
    if (fd_ >= 0) ::close(fd_);
}

bool folder_watch::replaced() const {
    if (fd_ < 0) return false;
    struct stat held {}, now {};
    if (::fstat(fd_, &held) != 0) return false;
    if (::stat(folder_.c_str(), &now) != 0) return true;  // gone: removed or being swapped
    return held.st_dev != now.st_dev || held.st_ino != now.st_ino;
}

void write_file_atomically(const fs::path& target, std::string_view content) {
    replace_atomically(target, [&](const fs::path& tmp) {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out) throw io_error("cannot create \"" + tmp.string() + "\"");
        out.write(content.data(), static_cast<std::streamsize>(content.size()));
        close_written(out, tmp);
    });
}

void close_written(std::ofstream& out, const fs::path& file) {
    // A failed write sets errno, and later successful calls leave it: the reason survives to here.
    int code = out ? 0 : errno;
    out.close();
    if (out) return;
    if (code == 0) code = errno;
    throw io_error("cannot write \"" + file.string() + "\": " +
                   (code != 0 ? std::string(std::strerror(code)) : std::string("the system gave no reason")));
}

}  // namespace civica::text
