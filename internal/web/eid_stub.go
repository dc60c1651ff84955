package web

// eidEnabled reports whether national eID sign-in is configured.
func (s *Server) eidEnabled() bool { return false }
