// Command ferretdb runs FerretDB v1 with the SQLite backend for the local test environment.
//
// It embeds github.com/FerretDB/FerretDB/ferretdb instead of building cmd/ferretdb, whose
// `go install` build panics at start on the missing generated version file (FerretDB issue 2982).
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	port := flag.Int("port", 0, "TCP port to listen on at 127.0.0.1 (required)")
	dataDir := flag.String("data-dir", "", "directory for the SQLite databases (required)")
	flag.Parse()

	if *port <= 0 || *port > 65535 || *dataDir == "" {
		fmt.Fprintln(os.Stderr, "usage: ferretdb -port PORT -data-dir DIR")
		os.Exit(2)
	}

	dir, err := filepath.Abs(*dataDir)
	if err != nil {
		log.Fatalf("resolve data dir: %v", err)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		log.Fatalf("create data dir: %v", err)
	}

	// The context ends on SIGTERM/SIGINT; Run then closes the listener and returns.
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()

	fdb, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: fmt.Sprintf("127.0.0.1:%d", *port)},
		Handler:   "sqlite",
		SQLiteURL: "file:" + dir + "/",
	})
	if err != nil {
		log.Fatalf("configure ferretdb: %v", err)
	}

	log.Printf("ferretdb listening on 127.0.0.1:%d, data in %s", *port, dir)
	if err := fdb.Run(ctx); err != nil && ctx.Err() == nil {
		log.Fatalf("ferretdb stopped: %v", err)
	}
	log.Print("ferretdb stopped")
}
