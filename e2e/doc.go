// Package e2e drives the real ReConnect pages in headless Chromium: sign
// in and out, registration with an invitation, and accessibility audits
// with axe-core. The code is all in _test files; this file only names
// the package.
//
// The tests need a browser and, for the audits, axe-core:
//
//	RECONNECT_TEST_CHROMIUM=/usr/bin/chromium
//	RECONNECT_TEST_AXE=$PWD/.ci/node_modules/axe-core/axe.min.js
//
// Without them the tests skip with a message, unless
// RECONNECT_TEST_REQUIRE_ALL=1, which turns a skip into a failure.
package e2e
