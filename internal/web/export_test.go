package web

import "net/http"

// WithMiddleware wraps h in the production middleware, so tests can
// drive handlers that the route table does not have (a panicking one).
func (s *Server) WithMiddleware(h http.Handler) http.Handler {
	return s.recoverPanics(s.observe(s.secure(s.crossOrigin(s.authenticate(s.gate(h))))))
}
