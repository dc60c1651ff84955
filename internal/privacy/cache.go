package privacy

import (
	"strings"
	"sync"
)

// indexCache keeps the indexes built from a context's place list and
// author names, which callers pass again and again (one list per
// community, one name per member). Keyed by the list's contents, so a
// caller changing the list gets a new index. It is cleared when it grows
// past cacheMax entries rather than tracking use; rebuilding costs
// microseconds.
var indexCache sync.Map

var cacheSize struct {
	sync.Mutex
	n int
}

const cacheMax = 1024

// cached returns the index for list under kind, building it with build
// on a miss.
func cached[T any](kind string, list []string, build func([]string) T) T {
	key := kind + "\x00" + strings.Join(list, "\x00")
	if v, ok := indexCache.Load(key); ok {
		return v.(T)
	}
	v := build(list)
	cacheSize.Lock()
	if cacheSize.n >= cacheMax {
		indexCache.Clear()
		cacheSize.n = 0
	}
	if _, loaded := indexCache.LoadOrStore(key, v); !loaded {
		cacheSize.n++
	}
	cacheSize.Unlock()
	return v
}
