//go:build race

package web_test

// raceEnabled: the race detector makes each request about ten times
// dearer, so the generated bad-input suites try a sample under it; CI
// also runs them in full without it (.ci/run).
const raceEnabled = true
