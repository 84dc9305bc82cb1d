// The peer benchmark's Go side: a module of its own, so that the main
// module's go vet ./... and go test ./... never see its generated package
// (bench/peer/run generates it).
module github.com/ffic/ffic/bench/peer

go 1.26

require github.com/ffic/ffic v0.0.0

replace github.com/ffic/ffic => ../..
