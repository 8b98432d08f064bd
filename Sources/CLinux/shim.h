#ifndef MAESTRO_CLINUX_SHIM_H
#define MAESTRO_CLINUX_SHIM_H

// Linux interfaces the standard Glibc module does not import; used by Gateway/Server (and the
// test support's process runner).
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>

#include <spawn.h>

// Declared only under _GNU_SOURCE, which the Glibc module is not built with.
extern int accept4(int sockfd, struct sockaddr *addr, socklen_t *addrlen, int flags);
extern int pipe2(int pipefd[2], int flags);
extern int posix_spawn_file_actions_addchdir_np(posix_spawn_file_actions_t *actions, const char *path);

#endif
