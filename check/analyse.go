package check

import (
	"slices"
	"strings"

	"github.com/ffic/ffic/idl"
)

// analyse is the last pass: it rejects types that contain themselves by
// value and marks the recursive ones. It runs only on a file without errors
// so far, where every type is resolved.
func (c *checker) analyse() {
	decls := c.model.TypeDecls()
	for _, comp := range components(decls, byValueEdges) {
		if cycle := findCycle(comp, byValueEdges); cycle != nil {
			c.reportCycle(cycle)
		}
	}
	for _, comp := range components(decls, allEdges) {
		if len(comp) == 1 && findCycle(comp, allEdges) == nil {
			continue
		}
		for _, d := range comp {
			switch d := d.(type) {
			case *idl.Struct:
				d.Recursive = true
			case *idl.Union:
				d.Recursive = true
			}
		}
	}
}

// An edge goes from a struct or union to a declared type one of its fields
// or arms holds; via names that field or arm.
type edge struct {
	to  idl.TypeDecl
	via string
}

// allEdges lists every declared type a struct or union holds, by value or
// through list, map or optional.
func allEdges(d idl.TypeDecl) []edge {
	var out []edge
	eachMember(d, func(name string, t *idl.Type) {
		t.Walk(func(t *idl.Type) {
			if t.IsNamed() {
				out = append(out, edge{t.Decl(), name})
			}
		})
	})
	return out
}

// byValueEdges lists the structs and unions a struct or union holds by
// value: a cycle of these would give a type of infinite size.
func byValueEdges(d idl.TypeDecl) []edge {
	var out []edge
	eachMember(d, func(name string, t *idl.Type) {
		if t.Kind == idl.StructT || t.Kind == idl.UnionT {
			out = append(out, edge{t.Decl(), name})
		}
	})
	return out
}

func eachMember(d idl.TypeDecl, fn func(name string, t *idl.Type)) {
	switch d := d.(type) {
	case *idl.Struct:
		for _, f := range d.Fields {
			if f.Type != nil { // unresolved after an error
				fn(f.Name, f.Type)
			}
		}
	case *idl.Union:
		for _, a := range d.Arms {
			if a.Type != nil { // an arm without payload, or an unresolved type
				fn(a.Name, a.Type)
			}
		}
	}
}

// components returns the strongly connected components of the graph
// (Tarjan's algorithm, iterative so a long chain of types cannot exhaust the
// stack), each in declaration order, in a deterministic order.
func components(decls []idl.TypeDecl, edges func(idl.TypeDecl) []edge) [][]idl.TypeDecl {
	index := map[idl.TypeDecl]int{}
	low := map[idl.TypeDecl]int{}
	onStack := map[idl.TypeDecl]bool{}
	var stack []idl.TypeDecl
	var out [][]idl.TypeDecl
	type frame struct {
		d     idl.TypeDecl
		edges []edge
		next  int
	}
	for _, root := range decls {
		if _, seen := index[root]; seen {
			continue
		}
		var calls []frame
		push := func(d idl.TypeDecl) {
			index[d] = len(index)
			low[d] = index[d]
			stack = append(stack, d)
			onStack[d] = true
			calls = append(calls, frame{d: d, edges: edges(d)})
		}
		push(root)
		for len(calls) > 0 {
			f := &calls[len(calls)-1]
			if f.next < len(f.edges) {
				to := f.edges[f.next].to
				f.next++
				if _, seen := index[to]; !seen {
					push(to)
				} else if onStack[to] {
					low[f.d] = min(low[f.d], index[to])
				}
				continue
			}
			d := f.d
			calls = calls[:len(calls)-1]
			if len(calls) > 0 {
				parent := calls[len(calls)-1].d
				low[parent] = min(low[parent], low[d])
			}
			if low[d] != index[d] {
				continue
			}
			var comp []idl.TypeDecl
			for {
				top := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				onStack[top] = false
				comp = append(comp, top)
				if top == d {
					break
				}
			}
			sortByPos(comp)
			out = append(out, comp)
		}
	}
	return out
}

// step is one step of a cycle: the type and the field or arm of it that
// holds the next type.
type step struct {
	decl idl.TypeDecl
	via  string
}

// findCycle returns a shortest cycle through the first declaration of a
// component, or nil when the component has no cycle (one type that does not
// hold itself).
func findCycle(comp []idl.TypeDecl, edges func(idl.TypeDecl) []edge) []step {
	in := map[idl.TypeDecl]bool{}
	for _, d := range comp {
		in[d] = true
	}
	start := comp[0]
	// Breadth-first from start; from and via record how each type was
	// first reached.
	from := map[idl.TypeDecl]idl.TypeDecl{}
	via := map[idl.TypeDecl]string{}
	queue := []idl.TypeDecl{start}
	for len(queue) > 0 {
		d := queue[0]
		queue = queue[1:]
		for _, e := range edges(d) {
			if !in[e.to] {
				continue
			}
			if e.to == start {
				var path []step
				path = append(path, step{d, e.via})
				for cur := d; cur != start; cur = from[cur] {
					path = append(path, step{from[cur], via[cur]})
				}
				slices.Reverse(path)
				return path
			}
			if _, seen := from[e.to]; !seen {
				from[e.to] = d
				via[e.to] = e.via
				queue = append(queue, e.to)
			}
		}
	}
	return nil
}

// reportCycle reports a by-value cycle at its first declaration, naming the
// path ("A.b -> B.a -> A").
func (c *checker) reportCycle(cycle []step) {
	var path []string
	for _, s := range cycle {
		path = append(path, s.decl.DeclName()+"."+s.via)
	}
	first := cycle[0].decl
	path = append(path, first.DeclName())
	what := "struct"
	if _, ok := first.(*idl.Union); ok {
		what = "union"
	}
	c.errorf(first.DeclPos(), "%s %q contains itself by value (%s): hold it through list<...>, map<...> or ? to break the cycle",
		what, first.DeclName(), strings.Join(path, " -> "))
}

func sortByPos(ds []idl.TypeDecl) {
	for i := 1; i < len(ds); i++ {
		for j := i; j > 0 && ds[j].DeclPos().Before(ds[j-1].DeclPos()); j-- {
			ds[j], ds[j-1] = ds[j-1], ds[j]
		}
	}
}
