#pragma once
/// \file
/// civica::detail::derived_cache: facts derived from a dataset's tables (codes per
/// organisation, a row index by competition, …), made on the first const call that needs them
/// and kept until the dataset changes. Internal: no stability promise.

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <utility>

namespace civica::detail {

/// One object per type, whose address names the type: a key that needs no RTTI (programs built
/// with -fno-rtti include this header too). Writable, so that no linker folds the tags of two
/// types into one address as it may fold equal constants.
template <class T>
inline char derived_type_tag = 0;

/// One object of each type T, made from the dataset on first use (`T(args...)`) and shared by
/// every later caller until clear(). The layer that defines T owns what it holds; the dataset
/// only stores it (type-erased) and clears it on every change of its rows, so a layer above
/// the model keeps its derived data here without the model knowing its types.
///
/// Thread safety: get() may be called from many threads at once (const calls of the
/// dataset); two threads asking for an absent T may both make it, and both receive the one
/// stored first. clear() is called by the dataset's mutators, which need exclusive access.
/// A copy or move of the dataset starts with an empty cache (nothing derived is carried over),
/// and a moved-from dataset's cache is emptied too.
class derived_cache {
public:
    derived_cache() = default;
    derived_cache(const derived_cache&) noexcept {}
    // A moved-from dataset has lost its rows: what was derived from them goes too.
    derived_cache(derived_cache&& other) noexcept { other.clear(); }
    derived_cache& operator=(const derived_cache&) noexcept {
        clear();
        return *this;
    }
    derived_cache& operator=(derived_cache&& other) noexcept {
        clear();
        other.clear();
        return *this;
    }
    ~derived_cache() = default;

    template <class T, class... Args>
    std::shared_ptr<const T> get(Args&&... args) const {
        const void* const key = &derived_type_tag<T>;
        if (filled_.load(std::memory_order_acquire)) {
            std::lock_guard lock(mutex_);
            if (auto it = slots_.find(key); it != slots_.end()) return std::static_pointer_cast<const T>(it->second);
        }
        // Made outside the lock: making may take long and may ask the cache for other types.
        std::shared_ptr<const void> made = std::make_shared<const T>(std::forward<Args>(args)...);
        std::lock_guard lock(mutex_);
        auto [it, fresh] = slots_.try_emplace(key, std::move(made));
        filled_.store(true, std::memory_order_release);
        return std::static_pointer_cast<const T>(it->second);
    }

    /// Forgets everything derived (the dataset's rows changed).
    void clear() noexcept {
        if (!filled_.load(std::memory_order_acquire)) return;
        std::lock_guard lock(mutex_);
        slots_.clear();
        filled_.store(false, std::memory_order_release);
    }

private:
    mutable std::mutex mutex_;
    mutable std::map<const void*, std::shared_ptr<const void>> slots_;
    mutable std::atomic<bool> filled_{false};
};

}  // namespace civica::detail
