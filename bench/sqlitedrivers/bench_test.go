package sqlitedrivers

import (
	"context"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
)

// Benchmark names carry driver=NAME so benchstat can put the drivers side
// by side: benchstat -col /driver raw.txt

// BenchmarkRoundTrip: SELECT 1 on the reader pool. No table is touched, so
// this is the floor: database/sql plus the driver's per-query cost
// (prepare, step, finalize, and cgo calls or transpiled C). Parallel.
func BenchmarkRoundTrip(b *testing.B) {
	ctx := context.Background()
	for _, d := range benchOrder {
		b.Run("driver="+d.Name, func(b *testing.B) {
			db := env(b, d)
			b.ReportAllocs()
			b.ResetTimer()
			done := otherLoad(b)
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					var x int
					if err := db.Read.QueryRowContext(ctx, "SELECT 1").Scan(&x); err != nil || x != 1 {
						b.Errorf("SELECT 1 = %d, %v", x, err)
						return
					}
				}
			})
			done()
		})
	}
}

// BenchmarkPointRead: session lookup by primary key on the reader pool,
// random existing keys, 4 columns scanned. Parallel: one goroutine per P.
func BenchmarkPointRead(b *testing.B) {
	ctx := context.Background()
	for _, d := range benchOrder {
		b.Run("driver="+d.Name, func(b *testing.B) {
			db := env(b, d)
			q := db.Q(QuerySession)
			b.ReportAllocs()
			b.ResetTimer()
			done := otherLoad(b)
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					k := sessionKeys[rand.IntN(len(sessionKeys))]
					s, err := GetSession(ctx, db, q, k)
					if err != nil || s.IDHash != k {
						b.Errorf("GetSession(%s) = %v, %v", k, s.IDHash, err)
						return
					}
				}
			})
			done()
		})
	}
}

// BenchmarkPageRead: the 20 newest posts of a random thread on the reader
// pool, all six columns scanned (two text bodies of 200-1200 bytes).
// rows/op is the mean page size (threads have 20 posts on average).
func BenchmarkPageRead(b *testing.B) {
	ctx := context.Background()
	for _, d := range benchOrder {
		b.Run("driver="+d.Name, func(b *testing.B) {
			db := env(b, d)
			q := db.Q(QueryPage)
			var rows atomic.Int64
			b.ReportAllocs()
			b.ResetTimer()
			done := otherLoad(b)
			b.RunParallel(func(pb *testing.PB) {
				n := 0
				for pb.Next() {
					ps, err := ThreadPage(ctx, db, q, 1+rand.Int64N(NumThreads))
					if err != nil {
						b.Error(err)
						return
					}
					n += len(ps)
				}
				rows.Add(int64(n))
			})
			done()
			b.ReportMetric(float64(rows.Load())/float64(b.N), "rows/op")
		})
	}
}

// BenchmarkWrite: one small write transaction (insert one post) on the
// single writer, sequentially. synchronous=FULL, so each commit fsyncs
// the WAL: this measures the disk as much as the driver.
func BenchmarkWrite(b *testing.B) {
	ctx := context.Background()
	for _, d := range benchOrder {
		b.Run("driver="+d.Name, func(b *testing.B) {
			db := env(b, d)
			q := db.Q(QueryInsert)
			b.ReportAllocs()
			b.ResetTimer()
			done := otherLoad(b)
			for i := range b.N {
				if err := InsertPost(ctx, db, q, newPosts[i%len(newPosts)]); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			done()
			removeNewPosts(b, db)
		})
	}
}

// BenchmarkWriteUnderRead: the sequential write of BenchmarkWrite while 4
// goroutines run page reads on the reader pool without pause. ns/op and
// writes/s are per write; reads/s is the readers' throughput over the same
// interval. B/op and allocs/op include the readers' allocations.
func BenchmarkWriteUnderRead(b *testing.B) {
	const readers = 4
	ctx := context.Background()
	for _, d := range benchOrder {
		b.Run("driver="+d.Name, func(b *testing.B) {
			db := env(b, d)
			qi, qp := db.Q(QueryInsert), db.Q(QueryPage)
			var reads atomic.Int64
			var stop atomic.Bool
			var wg sync.WaitGroup
			started := make(chan struct{}, readers)
			for range readers {
				wg.Go(func() {
					started <- struct{}{}
					for !stop.Load() {
						if _, err := ThreadPage(ctx, db, qp, 1+rand.Int64N(NumThreads)); err != nil {
							b.Error(err)
							return
						}
						reads.Add(1)
					}
				})
			}
			for range readers {
				<-started
			}
			b.ReportAllocs()
			b.ResetTimer()
			done := otherLoad(b)
			r0 := reads.Load()
			var err error
			for i := 0; i < b.N && err == nil; i++ {
				err = InsertPost(ctx, db, qi, newPosts[i%len(newPosts)])
			}
			b.StopTimer()
			done()
			r1 := reads.Load()
			stop.Store(true)
			wg.Wait()
			if err != nil {
				b.Fatal(err)
			}
			secs := b.Elapsed().Seconds()
			b.ReportMetric(float64(r1-r0)/secs, "reads/s")
			b.ReportMetric(float64(b.N)/secs, "writes/s")
			removeNewPosts(b, db)
		})
	}
}
