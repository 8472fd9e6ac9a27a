// Every writer replaces its target atomically: a kill at any moment leaves the old content or
// the new one, never a mix. One test per format written by the C++ library (Parquet, written by
// the Python package through the same replace_folder_atomically, is killed in
// tests/python/test_atomic_write.py).
//
// Independent truth: the bytes on disk. A forked child writes the new dataset over the old one
// and is killed with SIGKILL at points spread over the time a write takes; after each kill the
// target must be, byte for byte, what a complete write of the old or of the new dataset
// leaves (for a folder: the same files with the same bytes). A hidden sibling left beside the
// target shows that the kill landed inside the write. The window of kill points is timed in a
// forked child (under sanitizers and load a fork is much slower than a write in this process)
// and widened until kills land after the rename too, as the SQLite store's test did first.
#include "civica/io/io.hpp"

#include "civica/error.hpp"
#include "civica/synth.hpp"
#include "civica/io/dataset_folder.hpp"
#include "civica/text/files.hpp"
#include "civica/text/limits.hpp"
#include "civica/text/text.hpp"

#include "test_files.hpp"

#include <gtest/gtest.h>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <functional>
#include <iostream>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <tuple>
#include <utility>

namespace fs = std::filesystem;
using namespace civica;
using io::data_format;

namespace {

/// What a file or folder holds: relative path -> bytes ("" for a file itself); a folder's
/// sub-folders are listed with a trailing '/'. Empty when the target does not exist.
using snapshot = std::map<std::string, std::string>;

snapshot snapshot_of(const fs::path& target) {
    snapshot out;
    std::error_code ec;
    if (fs::is_regular_file(target, ec)) {
        out[""] = civica_test::read_file(target);
    } else if (fs::is_directory(target, ec)) {
        for (const auto& e : fs::recursive_directory_iterator(target)) {
            const std::string rel = fs::relative(e.path(), target).string();
            if (e.is_directory()) out[rel + "/"] = "";
            else out[rel] = civica_test::read_file(e.path());
        }
    }
    return out;
}

/// The hidden siblings a write left beside `target` (`.<name>.tmp-…`, `.<name>.old-…`): how
/// many there are, removing them when `remove` is set. For a symbolic link: beside the file or
/// folder it leads to.
int leftovers(const fs::path& target_or_link, bool remove) {
    std::error_code ec;
    const fs::path target = fs::is_symlink(target_or_link) ? fs::canonical(target_or_link, ec) : target_or_link;
    const std::string prefix = "." + target.filename().string() + ".";
    int n = 0;
    for (const auto& e : fs::directory_iterator(target.parent_path(), ec)) {
        if (e.path().filename().string().rfind(prefix, 0) != 0) continue;
        if (remove) fs::remove_all(e.path());
        ++n;
    }
    return n;
}

int remove_leftovers(const fs::path& target) { return leftovers(target, true); }

/// Kills children writing `new_state` over `old_state` at `target` and checks the target after
/// each kill.
void expect_kills_leave_old_or_new(const fs::path& target, const dataset& old_state, const dataset& new_state,
                                   const io::write_options& options) {
    io::write(new_state, target, options);
    const snapshot new_snap = snapshot_of(target);
    io::write(old_state, target, options);
    const snapshot old_snap = snapshot_of(target);
    ASSERT_NE(old_snap, new_snap);
    // The writer is deterministic, so a complete write is recognisable by its bytes.
    io::write(old_state, target, options);
    ASSERT_EQ(snapshot_of(target), old_snap) << "the writer is not deterministic";
    ASSERT_EQ(remove_leftovers(target), 0);
    const bool link = fs::is_symlink(target);  // a link stays a link through every kill

    const auto child_write = [&] {
        const pid_t child = ::fork();
        if (child == 0) {
            try {
                io::write(new_state, target, options);
            } catch (...) {
                ::_exit(2);
            }
            ::_exit(0);
        }
        return child;
    };
    const auto t0 = std::chrono::steady_clock::now();
    const pid_t timed = child_write();
    ASSERT_GE(timed, 0);
    int timed_status = 0;
    ::waitpid(timed, &timed_status, 0);
    ASSERT_TRUE(WIFEXITED(timed_status) && WEXITSTATUS(timed_status) == 0);
    using duration = std::chrono::steady_clock::duration;
    const duration timed_write = std::chrono::steady_clock::now() - t0;

    // Rounds of 15 kill points spread evenly over [from, to]: first [0, 1.5 × the timed write].
    // A round that saw no kill land after the rename doubles the span; otherwise the next round
    // spreads its points between the latest kill that left the old content and the earliest
    // that left the new one, where the write is finishing and the sibling exists. So the test
    // keeps its meaning however long the parts of a write take, and when the machine's speed
    // changes mid-run. The window in which the sibling exists can be a small part of a short
    // write, and where the timing of a kill varies by more than that window (a loaded machine,
    // a sanitizer build) a round may miss it by chance: rounds go on, up to max_rounds, until
    // every outcome has been seen.
    constexpr int per_round = 15;
    constexpr int max_rounds = 32;
    duration from{0}, to = timed_write + timed_write / 2;
    int runs = 0, saw_old = 0, saw_new = 0, inside = 0;
    // After a kill (`what` says when it came): the target must be the old or the new content,
    // and a link must still be a link. Counts the outcome and removes the siblings.
    const auto check_after_kill = [&](const std::string& what) {
        snapshot now = snapshot_of(target);
        const bool is_old = now == old_snap;
        const bool is_new = now == new_snap;
        EXPECT_TRUE(is_old || is_new) << target.filename() << ": " << what << " left a mix";
        EXPECT_EQ(fs::is_symlink(target), link) << target.filename() << ": " << what;
        saw_old += is_old;
        saw_new += is_new;
        inside += remove_leftovers(target) > 0 ? 1 : 0;
        return now;
    };
    for (int round = 0; round < max_rounds; ++round) {
        if (round >= 2 && saw_old > 0 && saw_new > 0 && inside > 0) break;
        duration latest_old{0}, earliest_new = duration::max();
        for (int i = 0; i < per_round; ++i, ++runs) {
            const duration delay = from + (to - from) * i / (per_round - 1);
            io::write(old_state, target, options);
            const pid_t child = child_write();
            ASSERT_GE(child, 0);
            std::this_thread::sleep_for(delay);
            ::kill(child, SIGKILL);
            int status = 0;
            ::waitpid(child, &status, 0);
            const snapshot now = check_after_kill("a kill after " + std::to_string(delay.count()) +
                                                  " ns (a write takes " + std::to_string(timed_write.count()) + " ns)");
            if (now == old_snap) latest_old = std::max(latest_old, delay);
            if (now == new_snap) earliest_new = std::min(earliest_new, delay);
        }
        if (earliest_new == duration::max()) {
            to *= 2;
        } else {
            from = std::min(latest_old, earliest_new);
            to = std::max(latest_old, earliest_new);
            if (to - from < std::chrono::microseconds(50)) to = from + std::chrono::microseconds(50);
        }
    }
    // Timing alone may never land a kill in the short time the sibling exists (a small file on
    // a loaded machine or under sanitizers: none in 480 kills once). Then the kill follows the
    // sibling: the child is killed as soon as the sibling is seen beside the target.
    for (int i = 0; inside == 0 && i < 200; ++i, ++runs) {
        io::write(old_state, target, options);
        const pid_t child = child_write();
        ASSERT_GE(child, 0);
        const auto deadline = std::chrono::steady_clock::now() + 4 * timed_write + std::chrono::seconds(1);
        while (leftovers(target, false) == 0 && std::chrono::steady_clock::now() < deadline) {
        }
        ::kill(child, SIGKILL);
        int status = 0;
        ::waitpid(child, &status, 0);
        check_after_kill("a kill as the sibling appeared");
    }
    std::cout << "[ kills    ] " << target.filename() << ": " << runs << " runs, " << saw_old << " old, "
              << saw_new << " new, " << inside << " inside the write\n";
    // The kills must have hit inside the write, and both before and after the rename, for the
    // test to mean much.
    EXPECT_GT(inside, 0);
    EXPECT_GT(saw_old, 0);
    EXPECT_GT(saw_new, 0);
}

io::write_options as(data_format f) {
    io::write_options o;
    o.format = f;
    return o;
}

fs::path scratch(const std::string& name) { return civica_test::scratch_dir("civica_atomic_" + name); }

dataset national(std::uint64_t seed, std::size_t applications, int regions) {
    synth::national_options o;
    o.seed = seed;
    o.applications = applications;
    o.regions = regions;
    return synth::national(o);
}

const dataset& small_state() {
    static const dataset d = national(1, 40, 3);
    return d;
}

const dataset& big_state() {
    static const dataset d = national(2, 6000, 20);
    return d;
}

}  // namespace

TEST(atomic_write, a_killed_dataset_folder_write_leaves_the_old_or_the_new_folder) {
    const fs::path dir = scratch("folder");
    // A README kept beside the data is carried over by every write.
    io::write(small_state(), dir / "city");
    civica_test::write_file(dir / "city" / "README.md", "kept\n");
    expect_kills_leave_old_or_new(dir / "city", small_state(), big_state(), as(data_format::civica));
    EXPECT_EQ(civica_test::read_file(dir / "city" / "README.md"), "kept\n");
}

TEST(atomic_write, a_killed_csv_folder_write_in_a_spreadsheet_dialect_leaves_the_old_or_the_new_folder) {
    io::write_options o = as(data_format::csv);
    o.separator = ';';
    o.encoding = text::text_encoding::windows1251;
    o.decimal_comma = true;
    expect_kills_leave_old_or_new(scratch("csv") / "excel", small_state(), big_state(), o);
}

TEST(atomic_write, a_killed_dataset_json_write_leaves_the_old_or_the_new_file) {
    expect_kills_leave_old_or_new(scratch("json") / "city.json", small_state(), big_state(), as(data_format::json));
}

TEST(atomic_write, a_killed_store_write_leaves_the_old_or_the_new_file) {
    expect_kills_leave_old_or_new(scratch("store") / "city.civica", small_state(), big_state(), as(data_format::store));
}

TEST(atomic_write, a_killed_sqlite_save_leaves_the_old_or_the_new_store) {
    expect_kills_leave_old_or_new(scratch("sqlite") / "city.sqlite", small_state(), big_state(),
                                  as(data_format::sqlite));
}

TEST(atomic_write, a_killed_360giving_json_write_leaves_the_old_or_the_new_file) {
    expect_kills_leave_old_or_new(scratch("360json") / "grants.json", small_state(), big_state(),
                                  as(data_format::threesixtygiving));
}

TEST(atomic_write, a_killed_360giving_csv_write_leaves_the_old_or_the_new_file) {
    expect_kills_leave_old_or_new(scratch("360csv") / "grants.csv", small_state(), big_state(),
                                  as(data_format::threesixtygiving));
}

TEST(atomic_write, a_killed_pgf_write_leaves_the_old_or_the_new_file) {
    expect_kills_leave_old_or_new(scratch("pgf") / "registry.csv", small_state(), big_state(), as(data_format::pgf));
}

TEST(atomic_write, a_killed_popolo_write_leaves_the_old_or_the_new_file) {
    expect_kills_leave_old_or_new(scratch("popolo") / "councils.json", small_state(),
                                  synth::khanty_mansiysk_2020(), as(data_format::popolo));
}

TEST(atomic_write, a_failed_write_leaves_the_target_and_no_sibling) {
    const fs::path dir = scratch("failed");
    // A currency that is not an ISO code: every writer of money refuses it, most of them midway.
    dataset bad_currency = small_state();
    bad_currency.info().currency = "not a code";
    // The Popolo writer writes neither money nor the dataset's info, and a dataset's rows hold
    // only UTF-8 text (dataset::add refuses the rest), so no dataset makes it fail: its kill
    // test above is its test of atomicity.
    for (const auto& [name, f, broken] :
         {std::tuple{"city", data_format::civica, &bad_currency}, {"city.json", data_format::json, &bad_currency},
          {"city.sqlite", data_format::sqlite, &bad_currency},
          {"grants.json", data_format::threesixtygiving, &bad_currency},
          {"registry.csv", data_format::pgf, &bad_currency}}) {
        io::write(small_state(), dir / name, as(f));
        const snapshot before = snapshot_of(dir / name);
        EXPECT_THROW(io::write(*broken, dir / name, as(f)), validation_error) << name;
        EXPECT_EQ(snapshot_of(dir / name), before) << name;
        EXPECT_EQ(remove_leftovers(dir / name), 0) << name;
    }
}

// ---------------------------------------------------------------- the replaced file's permissions
//
// A replacement keeps the permission bits of what it replaces, as an editor's save does.
// Independent truth: the bits chmod gave the old file, and for a new file 0666 less the umask
// (what open(2) with O_CREAT gives), read back with stat(2).

namespace {

unsigned mode_of(const fs::path& p) {
    struct stat st {};
    EXPECT_EQ(::stat(p.c_str(), &st), 0) << p;
    return st.st_mode & 07777;
}

}  // namespace

TEST(atomic_write, a_replaced_file_or_folder_keeps_its_permissions_and_a_new_one_gets_the_umask_default) {
    const fs::path dir = scratch("permissions");
    // A umask of its own, so the expected bits of a new file do not depend on the caller's.
    const mode_t umask_now = 027;
    const mode_t caller_umask = ::umask(umask_now);
    for (const auto& [name, f] : {std::pair{"city", data_format::civica}, {"city.json", data_format::json},
                                  {"city.sqlite", data_format::sqlite}, {"registry.csv", data_format::pgf},
                                  {"grants.json", data_format::threesixtygiving}}) {
        const fs::path target = dir / name;
        const bool folder = f == data_format::civica;
        io::write(small_state(), target, as(f));
        EXPECT_EQ(mode_of(target), (folder ? 0777u : 0666u) & ~static_cast<unsigned>(umask_now)) << name;
        for (const unsigned kept : {0600u, 0640u, 0604u, 0750u}) {
            fs::permissions(target, static_cast<fs::perms>(folder ? kept | 0100u : kept));
            io::write(big_state(), target, as(f));
            EXPECT_EQ(mode_of(target), folder ? kept | 0100u : kept) << name << " " << std::oct << kept;
            EXPECT_EQ(remove_leftovers(target), 0) << name;
        }
    }
    // The one atomic replacement itself (the CLI's -o and the Python writers).
    text::write_file_atomically(dir / "report.md", "old\n");
    fs::permissions(dir / "report.md", static_cast<fs::perms>(0600));
    text::write_file_atomically(dir / "report.md", "new\n");
    EXPECT_EQ(mode_of(dir / "report.md"), 0600u);
    EXPECT_EQ(civica_test::read_file(dir / "report.md"), "new\n");
    // Root may give a file to another user: the replacement keeps the owner and the group too.
    if (::geteuid() == 0) {
        constexpr uid_t nobody = 65534;
        ASSERT_EQ(::chown((dir / "report.md").c_str(), nobody, nobody), 0);
        text::write_file_atomically(dir / "report.md", "newer\n");
        struct stat st {};
        ASSERT_EQ(::stat((dir / "report.md").c_str(), &st), 0);
        EXPECT_EQ(st.st_uid, nobody);
        EXPECT_EQ(st.st_gid, nobody);
        EXPECT_EQ(st.st_mode & 07777, 0600u);
    }
    ::umask(caller_umask);
}

// ---------------------------------------------------------------- a symbolic link as the target
//
// A link given as the target stays a link, as editors keep one: the file or folder at the end
// of its chain is replaced atomically, through a sibling in that file's own folder. Independent
// truth: the bytes a write straight to a plain path leaves, and the links as the system reads
// them (fs::read_symlink, fs::is_symlink).

namespace {

/// No hidden sibling is left in `dir` (not in its sub-folders).
bool no_siblings_in(const fs::path& dir) {
    for (const auto& e : fs::directory_iterator(dir))
        if (e.path().filename().string().starts_with(".")) return false;
    return true;
}

}  // namespace

TEST(atomic_write_through_a_link, a_link_stays_a_link_and_the_file_it_leads_to_is_replaced) {
    const fs::path dir = scratch("link_file");
    fs::create_directories(dir / "real");
    fs::create_directories(dir / "links");
    io::write(small_state(), dir / "expected.json", as(data_format::json));
    const std::string small = civica_test::read_file(dir / "expected.json");
    io::write(big_state(), dir / "expected.json", as(data_format::json));
    const std::string big = civica_test::read_file(dir / "expected.json");
    fs::remove(dir / "expected.json");

    const fs::path file = dir / "real" / "city.json";
    fs::create_symlink("real/city.json", dir / "relative.json");          // relative, same folder
    fs::create_symlink("../real/city.json", dir / "links" / "up.json");   // relative, through ..
    fs::create_symlink(file, dir / "absolute.json");                      // absolute
    fs::create_symlink("relative.json", dir / "chain.json");              // a link to a link
    for (const fs::path& link : {dir / "relative.json", dir / "links" / "up.json", dir / "absolute.json",
                                 dir / "chain.json"}) {
        io::write(small_state(), file, as(data_format::json));
        const fs::path link_text = fs::read_symlink(link);
        io::write(big_state(), link, as(data_format::json));
        EXPECT_TRUE(fs::is_symlink(link)) << link;
        EXPECT_EQ(fs::read_symlink(link), link_text) << link;
        EXPECT_TRUE(fs::is_regular_file(fs::symlink_status(file))) << link;
        EXPECT_EQ(civica_test::read_file(file), big) << link;
        EXPECT_TRUE(no_siblings_in(dir) && no_siblings_in(dir / "real") && no_siblings_in(dir / "links")) << link;
    }
    EXPECT_TRUE(fs::is_symlink(dir / "relative.json"));  // the chain's middle link too

    // The one atomic replacement itself, as the Python writers and the CLI's -o call it.
    text::write_file_atomically(dir / "chain.json", "{}\n");
    EXPECT_TRUE(fs::is_symlink(dir / "chain.json"));
    EXPECT_EQ(civica_test::read_file(file), "{}\n");

    // A link to a file not written yet: the file it names is written, the link stays.
    fs::create_symlink("real/later.json", dir / "dangling.json");
    fs::create_symlink("made/later.json", dir / "dangling-in-a-new-folder.json");
    io::write(small_state(), dir / "dangling.json", as(data_format::json));
    io::write(small_state(), dir / "dangling-in-a-new-folder.json", as(data_format::json));
    EXPECT_TRUE(fs::is_symlink(dir / "dangling.json"));
    EXPECT_EQ(civica_test::read_file(dir / "real" / "later.json"), small);
    EXPECT_TRUE(fs::is_symlink(dir / "dangling-in-a-new-folder.json"));
    EXPECT_EQ(civica_test::read_file(dir / "made" / "later.json"), small);
}

TEST(atomic_write_through_a_link, a_link_to_a_folder_a_loop_or_a_pipe_is_refused_and_left_as_it_was) {
    const fs::path dir = scratch("link_refused");
    fs::create_directories(dir / "folder");
    fs::create_symlink("folder", dir / "to-a-folder.json");
    fs::create_symlink("b.json", dir / "a.json");
    fs::create_symlink("a.json", dir / "b.json");
    ASSERT_EQ(::mkfifo((dir / "pipe").c_str(), 0600), 0);
    fs::create_symlink("pipe", dir / "to-a-pipe.json");
    for (const auto& [name, says] : {std::pair{"to-a-folder.json", "it is a folder"},
                                     {"a.json", "a loop of links"},
                                     {"to-a-pipe.json", "it is a device or a pipe"},
                                     {"pipe", "it is a device or a pipe"}}) {
        try {
            io::write(small_state(), dir / name, as(data_format::json));
            ADD_FAILURE() << name << " was written";
        } catch (const io_error& e) {
            EXPECT_NE(std::string(e.what()).find(says), std::string::npos) << e.what();
            EXPECT_NE(std::string(e.what()).find(name), std::string::npos) << e.what();
        }
    }
    EXPECT_TRUE(fs::is_symlink(dir / "to-a-folder.json") && fs::is_symlink(dir / "a.json") &&
                fs::is_symlink(dir / "b.json") && fs::is_symlink(dir / "to-a-pipe.json"));
    EXPECT_TRUE(fs::is_empty(dir / "folder"));
    EXPECT_TRUE(fs::is_fifo(fs::symlink_status(dir / "pipe")));
    EXPECT_TRUE(no_siblings_in(dir));
}

TEST(atomic_write_through_a_link, a_link_to_a_dataset_folder_stays_and_the_folder_is_replaced_as_a_whole) {
    const fs::path dir = scratch("link_folder");
    io::write(big_state(), dir / "expected");
    const snapshot big = snapshot_of(dir / "expected");
    fs::remove_all(dir / "expected");

    fs::create_directories(dir / "data");
    io::write(small_state(), dir / "data" / "city-2024");
    civica_test::write_file(dir / "data" / "city-2024" / "README.md", "kept\n");
    fs::create_symlink("data/city-2024", dir / "city");
    io::write(big_state(), dir / "city");
    EXPECT_TRUE(fs::is_symlink(dir / "city"));
    EXPECT_EQ(fs::read_symlink(dir / "city"), "data/city-2024");
    EXPECT_EQ(civica_test::read_file(dir / "data" / "city-2024" / "README.md"), "kept\n");
    fs::remove(dir / "data" / "city-2024" / "README.md");
    EXPECT_EQ(snapshot_of(dir / "data" / "city-2024"), big);
    EXPECT_TRUE(no_siblings_in(dir) && no_siblings_in(dir / "data"));

    // A link to a folder not written yet: the folder it names is written.
    fs::create_symlink("data/city-2025", dir / "next");
    io::write(big_state(), dir / "next");
    EXPECT_TRUE(fs::is_symlink(dir / "next"));
    EXPECT_EQ(snapshot_of(dir / "data" / "city-2025"), big);

    // A link to a file where a folder is written is refused, naming the link.
    civica_test::write_file(dir / "data" / "notes.txt", "mine\n");
    fs::create_symlink("data/notes.txt", dir / "notes");
    EXPECT_THROW(io::write(big_state(), dir / "notes", as(data_format::civica)), io_error);
    EXPECT_TRUE(fs::is_symlink(dir / "notes"));
    EXPECT_EQ(civica_test::read_file(dir / "data" / "notes.txt"), "mine\n");
}

TEST(atomic_write_through_a_link, a_killed_write_through_a_chain_of_links_leaves_the_old_or_the_new_file) {
    const fs::path dir = scratch("link_kill_file");
    fs::create_directories(dir / "real");
    io::write(small_state(), dir / "real" / "city.json", as(data_format::json));
    fs::create_symlink("real/city.json", dir / "middle.json");
    fs::create_symlink("middle.json", dir / "city.json");
    expect_kills_leave_old_or_new(dir / "city.json", small_state(), big_state(), as(data_format::json));
    EXPECT_TRUE(fs::is_symlink(dir / "city.json") && fs::is_symlink(dir / "middle.json"));
}

TEST(atomic_write_through_a_link, a_killed_folder_write_through_a_link_leaves_the_old_or_the_new_folder) {
    const fs::path dir = scratch("link_kill_folder");
    fs::create_directories(dir / "data");
    io::write(small_state(), dir / "data" / "city-2024");
    fs::create_symlink("data/city-2024", dir / "city");
    expect_kills_leave_old_or_new(dir / "city", small_state(), big_state(), as(data_format::civica));
    EXPECT_TRUE(fs::is_symlink(dir / "city"));
}

// A name may take 255 bytes; the hidden sibling adds about 22 to it, and a name near the
// limit could not be written at all ("File name too long"). Here 127 two-byte letters and
// ".md": 257 bytes would be too long, so the name is 124 letters and a suffix, 253 bytes.
TEST(atomic_write, a_file_or_folder_named_near_the_length_limit_is_written_and_replaced) {
    const fs::path dir = scratch("long_names");
    std::string letters;
    for (int i = 0; i < 124; ++i) letters += "ж";
    for (const auto& [suffix, f] : {std::pair{std::string(".jsonl"), data_format::json},
                                    {std::string(".folder"), data_format::civica}}) {
        const fs::path target = dir / (letters + suffix);
        ASSERT_LE(target.filename().string().size(), 255u);
        ASSERT_GT(target.filename().string().size() + 22, 255u) << "the sibling of old would not fit";
        io::write(small_state(), target, as(f));
        io::write(small_state(), target, as(f));  // replaced
        EXPECT_EQ(io::read(target).data, small_state()) << suffix;
        EXPECT_EQ(remove_leftovers(target), 0) << suffix;
    }
    // The sibling's name is cut at a character's start: still UTF-8, still hidden, still new.
    const fs::path sibling = text::fresh_sibling(dir / (letters + ".json"), "tmp");
    EXPECT_LE(sibling.filename().string().size(), 255u);
    EXPECT_EQ(sibling.filename().string().front(), '.');
    EXPECT_EQ(text::find_invalid_utf8(sibling.filename().string()), std::string::npos) << sibling;
    EXPECT_EQ(sibling.parent_path(), dir);
}

TEST(atomic_write, an_empty_path_is_an_io_error_in_every_format) {
    // std::filesystem's "cannot make absolute path" escaped as a filesystem_error.
    const civica::dataset ds = civica::synth::khanty_mansiysk_2020();
    using civica::io::data_format;
    for (auto f : {data_format::civica, data_format::store, data_format::csv, data_format::json, data_format::sqlite,
                   data_format::threesixtygiving, data_format::popolo}) {
        civica::io::write_options o;
        o.format = f;
        EXPECT_THROW(civica::io::write(ds, "", o), civica::io_error) << civica::io::to_string(f);
    }
    EXPECT_THROW(civica::text::write_file_atomically("", "x"), civica::io_error);
}

// Two first writes of one new folder at once: the one renamed second found the folder there
// ("Directory not empty", naming the hidden sibling) and failed. Now the last one wins, as over
// a folder that was there; the folder is one of the two, whole.
TEST(atomic_write, two_first_writes_of_a_new_folder_at_once_both_succeed) {
    const auto a = national(1, 3000, 3), b = national(2, 3000, 3);
    const fs::path dir = scratch("first-writes");
    for (int round = 0; round < 10; ++round) {
        const fs::path target = dir / ("new-" + std::to_string(round));
        std::atomic<int> ready{0};
        std::string errors;
        std::mutex m;
        auto write = [&](const civica::dataset& ds) {
            ++ready;
            while (ready < 2) std::this_thread::yield();
            try {
                io::write(ds, target);
            } catch (const std::exception& e) {
                std::lock_guard lock(m);
                errors += e.what();
            }
        };
        std::thread one(write, std::cref(a)), two(write, std::cref(b));
        one.join();
        two.join();
        EXPECT_EQ(errors, "");
        const auto back = io::read(target).data;
        EXPECT_TRUE(back == a || back == b);
        EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), round + 1);  // no sibling left
    }
}

// A folder is read table by table by path: a writer's swap between two tables gave some
// organisations of one version and applications of the other, without an error. A read that
// sees the folder replaced reads it again. Deterministic half: text::read_whole_folder with a
// read that replaces the folder during its first run; then readers against a writer thread.
TEST(atomic_write, a_folder_read_while_it_is_replaced_is_one_version_of_it) {
    const auto a = national(1, 3000, 3), b = national(2, 3000, 3);
    const fs::path target = scratch("read-while-replaced") / "data";
    io::write(a, target);
    int runs = 0;
    const auto got = text::read_whole_folder(target, [&] {
        ++runs;
        auto part = io::read(target).data;
        if (runs == 1) io::write(b, target);  // a writer between this run's tables and the end
        return part;
    });
    EXPECT_EQ(runs, 2);
    EXPECT_TRUE(got == b);
    EXPECT_THROW(text::read_whole_folder(target, [&] { io::write(a, target); return 0; }, 3), civica::io_error);

    // Against a writer that replaces the folder again and again, a read gives one version, or
    // (replaced every time it tried, as a slow read under sanitizers may be) the io_error that
    // says so: never a mix, and never another error.
    std::atomic<bool> stop{false};
    std::thread writer([&] {
        for (int i = 0; !stop; ++i) {
            io::write(i % 2 ? b : a, target);
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    });
    int mixed = 0, whole = 0;
    std::string errors;
    for (int i = 0; i < 25; ++i) {
        try {
            const auto back = io::read(target).data;
            mixed += !(back == a || back == b);
            ++whole;
        } catch (const civica::io_error& e) {
            if (std::string(e.what()).find("replaced by another writer") == std::string::npos)
                errors += std::string(e.what()) + "\n";
        } catch (const std::exception& e) {
            errors += std::string(e.what()) + "\n";
        }
    }
    stop = true;
    writer.join();
    EXPECT_EQ(mixed, 0);
    EXPECT_EQ(errors, "");
    EXPECT_GT(whole, 0);
}

// manifest.json was read past the input caps: a 5 MB manifest or one nested 500 deep loaded
// under caps that refuse them in every other file.
TEST(atomic_write, a_folders_manifest_is_read_within_the_input_caps) {
    // A dataset of one municipality: every table file is far below the cap, the manifest (its
    // description 5 000 bytes long) above it.
    const fs::path target = scratch("manifest-caps") / "data";
    civica::dataset tiny;
    tiny.info().name = "tiny";
    tiny.info().description = std::string(5000, 'x');
    civica::municipality m;
    m.id = civica::municipality_id("m1");
    m.name = "Сургут";
    tiny.add(m);
    io::write(tiny, target);
    for (const auto& e : fs::directory_iterator(target)) {
        if (e.path().filename() != "manifest.json") {
            ASSERT_LT(fs::file_size(e.path()), 2000u) << e.path();
        }
    }
    {
        text::scoped_limits tight({.max_file_bytes = 2000});
        try {
            (void)io::read_dataset_folder(target);
            FAIL() << "a manifest past max_file_bytes read";
        } catch (const civica::io_error& e) {
            EXPECT_NE(std::string(e.what()).find("manifest.json"), std::string::npos) << e.what();
        }
    }
    EXPECT_EQ(io::read_dataset_folder(target).info().description.size(), 5000u);
    // A manifest nested deeper than the cap is refused for its depth, before it is parsed.
    std::string manifest = civica_test::read_file(target / "manifest.json");
    manifest.insert(manifest.find('{') + 1, "\"deep\": [[[[[[1]]]]]], ");
    civica_test::write_file(target / "manifest.json", manifest);
    text::scoped_limits shallow({.max_json_depth = 4});
    try {
        (void)io::read_dataset_folder(target);
        FAIL() << "a manifest deeper than the cap read";
    } catch (const civica::parse_error& e) {
        EXPECT_NE(std::string(e.what()).find("max_json_depth"), std::string::npos) << e.what();
    }
}

// A folder that appears at the target while a first write runs is replaced by the rules of a
// folder that was there: one without the marker (someone's own files) is refused and left as
// it is, not swapped out and deleted.
TEST(atomic_write, a_folder_that_appears_during_a_first_write_is_replaced_only_with_its_marker) {
    const fs::path target = scratch("appears") / "data";
    text::folder_replacement how;
    how.marker = "manifest.json";
    how.keep = [](const fs::path& name) { return name == "README.md"; };
    EXPECT_THROW(text::replace_folder_atomically(
                     target,
                     [&](const fs::path& dir) {
                         civica_test::write_file(dir / "manifest.json", "{}");
                         fs::create_directories(target);
                         civica_test::write_file(target / "precious.txt", "mine");
                     },
                     how),
                 civica::io_error);
    EXPECT_EQ(civica_test::read_file(target / "precious.txt"), "mine");
    EXPECT_EQ(std::distance(fs::directory_iterator(target.parent_path()), fs::directory_iterator()), 1);
    // One with the marker is replaced, keeping what it keeps.
    fs::remove_all(target);
    text::replace_folder_atomically(
        target,
        [&](const fs::path& dir) {
            civica_test::write_file(dir / "manifest.json", "{\"new\": 1}");
            fs::create_directories(target);
            civica_test::write_file(target / "manifest.json", "{}");
            civica_test::write_file(target / "README.md", "kept");
        },
        how);
    EXPECT_EQ(civica_test::read_file(target / "manifest.json"), "{\"new\": 1}");
    EXPECT_EQ(civica_test::read_file(target / "README.md"), "kept");
    EXPECT_EQ(std::distance(fs::directory_iterator(target.parent_path()), fs::directory_iterator()), 1);
}

// create_atomically never puts its file in the place of another: one there before is refused
// before anything is written, and one another writer makes while `write` runs is kept, the new
// file dropped (a check-then-rename would have replaced it). Independent truth: the other
// writer's bytes, and a listing of the folder (no hidden sibling left).
TEST(atomic_write, create_atomically_never_replaces_a_file_made_before_or_during_the_write) {
    const fs::path dir = scratch("create");
    const fs::path target = dir / "surgut.xlsx";
    text::create_atomically(target, [](const fs::path& tmp) { civica_test::write_file(tmp, "first"); });
    EXPECT_EQ(civica_test::read_file(target), "first");
    bool ran = false;
    try {
        text::create_atomically(target, [&](const fs::path&) { ran = true; });
        ADD_FAILURE() << "an existing file was replaced";
    } catch (const civica::io_error& e) {
        EXPECT_NE(std::string(e.what()).find("it exists already"), std::string::npos) << e.what();
    }
    EXPECT_FALSE(ran);
    EXPECT_EQ(civica_test::read_file(target), "first");

    const fs::path raced = dir / "raced.xlsx";
    try {
        text::create_atomically(raced, [&](const fs::path& tmp) {
            civica_test::write_file(tmp, "civica's");
            civica_test::write_file(raced, "another program's");  // made while civica writes
        });
        ADD_FAILURE() << "a file made during the write was replaced";
    } catch (const civica::io_error& e) {
        EXPECT_NE(std::string(e.what()).find("\"" + raced.string() + "\": it exists already"), std::string::npos)
            << e.what();
    }
    EXPECT_EQ(civica_test::read_file(raced), "another program's");
    EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 2);  // the two files only
}

// A writer that fails on a file of the hidden sibling (a full disk) is said in the name of the
// file or folder it was for, not of the sibling, which means nothing to the user and is gone;
// the system's failures say its reason without the sibling's name. Independent truth: the
// paths given to the writer, and the target named here.
TEST(atomic_write, a_failure_inside_the_hidden_sibling_is_named_in_the_target) {
    const fs::path dir = scratch("named");
    const fs::path folder = dir / "out";
    fs::path seen;
    try {
        text::replace_folder_atomically(folder, [&](const fs::path& tmp) {
            seen = tmp;
            throw civica::io_error("cannot write \"" + (tmp / "manifest.json").string() + "\": No space left on device");
        });
        ADD_FAILURE() << "written";
    } catch (const civica::io_error& e) {
        EXPECT_EQ(std::string(e.what()),
                  "cannot write \"" + (folder / "manifest.json").string() + "\": No space left on device");
    }
    ASSERT_FALSE(seen.empty());
    try {
        text::replace_folder_atomically(folder, [&](const fs::path& tmp) {
            throw fs::filesystem_error("cannot create directory", tmp / "x",
                                       std::make_error_code(std::errc::read_only_file_system));
        });
        ADD_FAILURE() << "written";
    } catch (const civica::io_error& e) {
        const std::string m = e.what();
        EXPECT_EQ(m.find(".tmp-"), std::string::npos) << m;
        EXPECT_NE(m.find("cannot write the folder \"" + folder.string() + "\": "), std::string::npos) << m;
        EXPECT_NE(m.find(std::make_error_code(std::errc::read_only_file_system).message()), std::string::npos) << m;
    }
    const fs::path file = dir / "report.md";
    try {
        text::replace_atomically(file, [&](const fs::path& tmp) {
            throw civica::io_error("cannot write \"" + tmp.string() + "\": No space left on device");
        });
        ADD_FAILURE() << "written";
    } catch (const civica::io_error& e) {
        EXPECT_EQ(std::string(e.what()), "cannot write \"" + file.string() + "\": No space left on device");
    }
    EXPECT_TRUE(fs::is_empty(dir));  // no sibling left, nothing written
}
