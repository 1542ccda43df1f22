/*
 * The kernel's share of one delivery on this machine: a server writes one WebSocket-sized frame
 * (default 540 bytes) to each of N loopback TCP sockets per round, R rounds per second, while a
 * client process reads them all with epoll. Prints the server process's user and system CPU per
 * frame (getrusage). No Java, no framing logic: what any server pays per frame for send() alone.
 *   sendfloor [sockets=1000] [rounds_per_second=50] [seconds=20] [frame_bytes=540]
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static double cpu(int who, double *user, double *sys) {
    struct rusage u;
    getrusage(who, &u);
    *user = u.ru_utime.tv_sec + u.ru_utime.tv_usec / 1e6;
    *sys = u.ru_stime.tv_sec + u.ru_stime.tv_usec / 1e6;
    return *user + *sys;
}

static void client(int port, int n, long expected) {
    int ep = epoll_create1(0);
    for (int i = 0; i < n; i++) {
        int fd = socket(AF_INET, SOCK_STREAM, 0);
        struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) { perror("connect"); exit(1); }
        struct epoll_event e = {.events = EPOLLIN, .data.fd = fd};
        epoll_ctl(ep, EPOLL_CTL_ADD, fd, &e);
    }
    static char buf[65536];
    struct epoll_event ev[256];
    long got = 0;
    while (got < expected) {
        int k = epoll_wait(ep, ev, 256, 5000);
        if (k <= 0) break;
        for (int i = 0; i < k; i++) {
            ssize_t r = read(ev[i].data.fd, buf, sizeof buf);
            if (r > 0) got += r;
        }
    }
    exit(got == expected ? 0 : 2);
}

int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 1000;
    int rate = argc > 2 ? atoi(argv[2]) : 50;
    int seconds = argc > 3 ? atoi(argv[3]) : 20;
    int size = argc > 4 ? atoi(argv[4]) : 540;
    int rounds = rate * seconds;
    int ls = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = 0};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(ls, (struct sockaddr *)&a, sizeof a);
    listen(ls, 4096);
    socklen_t len = sizeof a;
    getsockname(ls, (struct sockaddr *)&a, &len);
    pid_t child = fork();
    if (child == 0) client(ntohs(a.sin_port), n, (long)rounds * n * size);
    int *fds = malloc(sizeof(int) * n);
    for (int i = 0; i < n; i++) {
        fds[i] = accept(ls, NULL, NULL);
        setsockopt(fds[i], IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    }
    char *frame = malloc(size);
    memset(frame, 'x', size);
    double u0, s0, u1, s1;
    cpu(RUSAGE_SELF, &u0, &s0);
    double start = now();
    for (int r = 0; r < rounds; r++) {
        double due = start + (double)r / rate;
        double wait = due - now();
        if (wait > 0) usleep((useconds_t)(wait * 1e6));
        for (int i = 0; i < n; i++) {
            if (send(fds[i], frame, size, 0) != size) { perror("send"); return 1; }
        }
    }
    cpu(RUSAGE_SELF, &u1, &s1);
    int status;
    waitpid(child, &status, 0);
    struct rusage cu;
    getrusage(RUSAGE_CHILDREN, &cu);
    long frames = (long)rounds * n;
    printf("{\"sockets\":%d,\"rounds_per_second\":%d,\"frames\":%ld,\"frame_bytes\":%d,"
           "\"server_user_us_per_frame\":%.2f,\"server_sys_us_per_frame\":%.2f,\"server_us_per_frame\":%.2f,"
           "\"client_us_per_frame\":%.2f,\"client_complete\":%s}\n",
           n, rate, frames, size, (u1 - u0) * 1e6 / frames, (s1 - s0) * 1e6 / frames,
           ((u1 - u0) + (s1 - s0)) * 1e6 / frames,
           (cu.ru_utime.tv_sec + cu.ru_utime.tv_usec / 1e6 + cu.ru_stime.tv_sec + cu.ru_stime.tv_usec / 1e6) * 1e6 / frames,
           WIFEXITED(status) && WEXITSTATUS(status) == 0 ? "true" : "false");
    return 0;
}
