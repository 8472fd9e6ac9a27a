#pragma once
/// \file
/// Files as civica reads and writes them: the folder of bundled data, a whole text file read
/// under the input limits, a file mapped into memory, and the one atomic write every writer
/// goes through.
///
///     std::string text = civica::text::read_text_file("calendar.csv", "the production calendar");
///     civica::text::write_file_atomically("out.json", text);   // old or new content, never a mix
///
///     civica::text::replace_atomically("store.sqlite", [&](const std::filesystem::path& tmp) {
///         write_my_format(tmp);                                  // any writer that makes a file
///     });
///     civica::text::replace_folder_atomically("my-city", [&](const std::filesystem::path& dir) {
///         write_tables_into(dir);                                // fills an empty folder
///     }, {.marker = "manifest.json"});
///
/// Design notes: an atomic replacement writes the new content to a hidden sibling of the
/// target (same folder, hence same file system), flushes it to disk (fsync), renames it over
/// the target (rename(2) is atomic) and flushes the folder so that the rename itself survives
/// a crash. A reader, a crash or a kill at any moment therefore sees the old file or the new
/// one. On any failure the sibling is removed and the target is left as it was.
/// A folder is replaced the same way: every file of the new folder and the folder itself are
/// flushed, then the new folder and the old one swap names in one step (renameat2 with
/// RENAME_EXCHANGE, which Linux file systems offer), and the old one, now under the hidden
/// name, is deleted. Where the file system cannot swap, the old folder is first renamed aside
/// and the new one renamed into place: a crash between those two renames leaves no folder
/// under the target's name and the old one under its hidden `.old-` name, never a mix. A kill
/// after the swap leaves the old content in a hidden sibling, harmless and safe to delete.
/// The replacement keeps the permission bits of the file or folder it replaces (a file made
/// private with chmod 600 stays private) and, where the process may set them, its owner and
/// group; a new target gets the usual 0666 (folders 0777) less the umask. Files inside a
/// replaced folder are new files. A hard link to the old file keeps the old content: the name
/// now leads to a new file, as after any atomic save.
/// A target that is a symbolic link stays a link, as editors keep one: the file or folder its
/// chain of links ends at (a relative link read from the link's own folder) is the one
/// replaced, by a sibling in that file's own folder, with the same guarantee. A link to
/// nothing yet gets the file or folder it names. A target that is a device or a named pipe
/// (or a link to one) is refused: renaming over it would put a plain file in its place.

#include "civica/error.hpp"
#include "civica/text/data_dir.hpp"

#include <cstddef>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <string>
#include <string_view>

namespace civica::text {

/// Throws civica::io_error naming `what` and the file when `file` is a named pipe, a socket or a
/// device: such a file may never end, escapes max_file_bytes, and cannot be read twice, as the
/// format guess and then the reader read it. A missing file is left for the open to report.
void check_not_special(const std::filesystem::path& file, std::string_view what = "file");

/// Throws civica::io_error naming `what` and the file when `file` is a folder (which opens, and
/// then reads as nothing or fails, depending on the system), is special (check_not_special) or
/// is larger than input_limits::max_file_bytes: the checks every reader of a named file makes
/// before opening it.
void check_input_file(const std::filesystem::path& file, std::string_view what = "file");

/// The message for a file that would not open for reading, right after the attempt: `cannot
/// open <what> "<file>": <the system's reason>` ("Permission denied", "File name too long"),
/// without `what` when it is empty.
std::string cannot_open(const std::filesystem::path& file, std::string_view what = {});
/// The bytes of `file`. Throws civica::io_error naming `what` and the file when it cannot be
/// opened or read, is a folder, or is larger than input_limits::max_file_bytes.
std::string read_file(const std::filesystem::path& file, std::string_view what = "file");
/// The same, without a leading UTF-8 byte-order mark (spreadsheet programs write one), for a
/// file that must be UTF-8 text (a report template, a calendar's rules): bytes that are not are
/// a civica::parse_error naming the file, the line and the byte in it.
std::string read_text_file(const std::filesystem::path& file, std::string_view what = "file");

/// A file mapped read-only into memory (an empty file maps to no bytes). Throws
/// civica::io_error naming the file when it cannot be opened or mapped.
class mapped_file {
public:
    explicit mapped_file(const std::filesystem::path& file);
    mapped_file(const mapped_file&) = delete;
    mapped_file& operator=(const mapped_file&) = delete;
    ~mapped_file();
    const char* data() const noexcept { return data_; }
    std::size_t size() const noexcept { return size_; }
    std::string_view view() const noexcept { return {data_, size_}; }

private:
    int fd_ = -1;
    const char* data_ = nullptr;
    std::size_t size_ = 0;
};

/// A hidden sibling of `target` that does not exist yet: `.<name>.<purpose>-<random>` in the
/// same folder, `<name>` cut short (at a character's start) where the whole would pass 255 bytes.
std::filesystem::path fresh_sibling(const std::filesystem::path& target, std::string_view purpose);

/// Flushes a file (or, with `directory`, a folder's entries) to disk. Throws civica::io_error.
void sync_to_disk(const std::filesystem::path& path, bool directory = false);

/// Replaces `target` by the file `write` makes at the path it is given (a fresh sibling of the
/// target, or of the file a symbolic link `target` leads to), atomically: see the design notes
/// above. The folder of `target` is created when missing. Throws civica::io_error naming the
/// target when it is a folder, a device or a pipe, or for a file-system failure; whatever
/// `write` throws passes through. In both cases the target is untouched and the sibling gone.
/// Once the new file is complete and flushed, and just before it takes the target's place, the
/// thread's interruption checks run (check_interruption, civica/core/interruption.hpp): what
/// they throw leaves the target as it was too.
void replace_atomically(const std::filesystem::path& target,
                        const std::function<void(const std::filesystem::path&)>& write);

/// Creates `target` as the file `write` makes, as replace_atomically does, but never in the place
/// of a file: throws civica::io_error `cannot write "<target>": it exists already` when `target`
/// exists before the write, or when another writer made it while `write` ran (the new file is
/// put in place with renameat2's RENAME_NOREPLACE, or a hard link, never a plain rename; on a
/// file system that takes neither, the name is claimed first, and a crash at that moment
/// leaves an empty file there).
void create_atomically(const std::filesystem::path& target,
                       const std::function<void(const std::filesystem::path&)>& write);

/// Replaces `target` by a file holding `content`, atomically (replace_atomically).
void write_file_atomically(const std::filesystem::path& target, std::string_view content);

/// Closes `out`, a file being written at `file`, and throws civica::io_error
/// `cannot write "<file>": <the system's reason>` (such as "No space left on device") when a
/// write or the close failed. Every writer of a stream ends its file with it.
void close_written(std::ofstream& out, const std::filesystem::path& file);

/// Options of replace_folder_atomically.
struct folder_replacement {
    /// An existing target that is not empty is replaced only when it holds an entry of this
    /// name (e.g. "manifest.json"), so that a wrong path cannot wipe unrelated files; empty:
    /// any existing folder is replaced.
    std::string marker;
    /// Entries of the existing target (by name) that are copied into the new folder before the
    /// swap, e.g. a README kept beside the data; none when not set.
    std::function<bool(const std::filesystem::path& name)> keep;
};

/// Replaces the folder `target` by the folder `write` fills at the path it is given (a fresh,
/// empty sibling folder; for a symbolic link, of the folder it leads to), atomically: see the
/// design notes above. The parent folder is
/// created when missing. Throws civica::io_error naming the target when it is a file, when it
/// is a folder `options.marker` does not allow to replace, or for a file-system failure;
/// whatever `write` throws passes through. In every failure the target is untouched and the
/// sibling gone.
void replace_folder_atomically(const std::filesystem::path& target,
                               const std::function<void(const std::filesystem::path&)>& write,
                               const folder_replacement& options = {});

/// Tells whether a folder was replaced (as replace_folder_atomically replaces one) since the
/// watch began: it holds the directory open, so that its identity cannot be given to another
/// folder meanwhile, and compares it with the directory the path names now. A path that
/// cannot be opened as a folder is never "replaced".
class folder_watch {
public:
    explicit folder_watch(const std::filesystem::path& folder);
    ~folder_watch();
    folder_watch(const folder_watch&) = delete;
    folder_watch& operator=(const folder_watch&) = delete;
    bool replaced() const;

private:
    std::filesystem::path folder_;
    int fd_ = -1;
};

/// The result of `read()`, a read of the folder `folder` file by file by path, as one
/// version of the folder: when a writer replaced the folder while read() ran (a swap between
/// two of its files would give a mix of old and new content, or an error of that mix), read()
/// runs again, up to `attempts` times, then civica::io_error. What read() returns or throws
/// on a run during which the folder stayed one folder is the answer. read() must start afresh
/// each time (it is called again on the same arguments).
template <class Read>
auto read_whole_folder(const std::filesystem::path& folder, Read&& read, int attempts = 8) -> decltype(read()) {
    for (int run = 1;; ++run) {
        const folder_watch watch(folder);
        try {
            auto result = read();
            if (!watch.replaced()) return result;
        } catch (...) {
            if (!watch.replaced()) throw;
        }
        if (run == attempts)
            throw io_error("cannot read \"" + folder.string() + "\": it was replaced by another writer " +
                           std::to_string(attempts) + " times while it was being read");
    }
}

}  // namespace civica::text
