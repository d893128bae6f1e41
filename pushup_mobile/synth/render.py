"""Offscreen rendering with moderngl on EGL (Mesa llvmpipe on a CPU): one context per
process, the skinned body lit and shaded over a textured floor with a contact shadow,
in front of a room image, seen by the clip's phone camera. In front of a photo panorama
the body takes the panorama's light per normal (:mod:`pushup_mobile.synth.lighting`).
"""

from __future__ import annotations

import numpy as np

from pushup_mobile.errors import PushupError
from pushup_mobile.synth.camera import Camera
from pushup_mobile.synth.scene import Scene

SUPERSAMPLE = 2
FLOOR_HALF = 12.0
NEAR, FAR = 0.05, 60.0

_BODY_VS = """
#version 330
uniform mat4 mvp;
uniform float flatten;
in vec3 position; in vec3 normal; in vec3 color;
out vec3 v_normal; out vec3 v_color;
void main() {
    vec3 p = position;
    if (flatten > 0.5) { p.z = 0.002; }
    gl_Position = mvp * vec4(p, 1.0);
    v_normal = normal; v_color = color;
}
"""
_BODY_FS = """
#version 330
uniform vec3 light_dir; uniform vec3 light_color; uniform float ambient; uniform float mode;
uniform vec3 sh[9]; uniform float use_sh; uniform float yaw;
in vec3 v_normal; in vec3 v_color;
out vec4 frag;
vec3 irradiance(vec3 n) {  // Ramamoorthi and Hanrahan's nine terms (synth/lighting.py)
    return 0.429043 * sh[8] * (n.x * n.x - n.y * n.y) + 0.743125 * sh[6] * n.z * n.z + 0.886227 * sh[0]
         - 0.247708 * sh[6] + 2.0 * 0.429043 * (sh[4] * n.x * n.y + sh[7] * n.x * n.z + sh[5] * n.y * n.z)
         + 2.0 * 0.511664 * (sh[3] * n.x + sh[1] * n.y + sh[2] * n.z);
}
void main() {
    if (mode > 1.5) { frag = vec4(1.0, 1.0, 1.0, 1.0); return; }           // mask
    if (mode > 0.5) { frag = vec4(0.0, 0.0, 0.0, 0.35); return; }          // shadow
    vec3 n = normalize(v_normal);
    float diffuse = max(dot(n, light_dir), 0.0);
    vec3 surround = vec3(1.0);
    if (use_sh > 0.5) {  // the panorama's light on this normal, in the panorama's own frame
        float c = cos(yaw), s = sin(yaw);
        surround = max(irradiance(vec3(c * n.x - s * n.y, s * n.x + c * n.y, n.z)), vec3(0.0));
    }
    frag = vec4(v_color * (ambient * surround + (1.0 - ambient) * diffuse * light_color), 1.0);
}
"""
_FLOOR_VS = """
#version 330
uniform mat4 mvp; uniform float scale;
in vec3 position;
out vec2 uv;
void main() { gl_Position = mvp * vec4(position, 1.0); uv = position.xy / scale; }
"""
_FLOOR_FS = """
#version 330
uniform sampler2D tex; uniform float ambient;
in vec2 uv; out vec4 frag;
void main() { frag = vec4(texture(tex, uv).rgb * (0.55 + 0.45 * ambient), 1.0); }
"""
_BACK_VS = """
#version 330
in vec2 position; out vec2 uv; out vec2 ndc;
void main() {
    gl_Position = vec4(position, 0.9999, 1.0);
    uv = vec2(position.x * 0.5 + 0.5, 0.5 - position.y * 0.5);
    ndc = position;
}
"""
_BACK_FS = """
#version 330
uniform sampler2D tex; uniform float panorama; uniform mat4 inverse_vp; uniform vec3 eye; uniform float yaw;
in vec2 uv; in vec2 ndc; out vec4 frag;
void main() {
    if (panorama < 0.5) { frag = vec4(texture(tex, uv).rgb, 1.0); return; }
    vec4 far = inverse_vp * vec4(ndc, 1.0, 1.0);                // this pixel's view ray
    vec3 ray = normalize(far.xyz / far.w - eye);
    float lon = atan(ray.y, ray.x) + yaw;
    float lat = asin(clamp(ray.z, -1.0, 1.0));
    frag = vec4(texture(tex, vec2(fract(0.5 - lon / 6.2831853), 0.5 - lat / 3.1415927)).rgb, 1.0);
}
"""


def view_projection(camera: Camera, t: int) -> np.ndarray:
    """OpenGL's clip-from-world matrix for frame ``t`` (column vectors)."""
    rotation = camera.rotations()[t]  # rows: right, down, forward
    gl = np.stack([rotation[0], -rotation[1], -rotation[2]])  # right, up, backward
    view = np.eye(4)
    view[:3, :3] = gl
    view[:3, 3] = -gl @ camera.positions[t]
    near, far = NEAR, FAR
    f = 1.0 / np.tan(np.radians(camera.fov_deg) / 2)
    aspect = camera.width / camera.height
    projection = np.array([
        [f / aspect, 0, 0, 0], [0, f, 0, 0],
        [0, 0, (far + near) / (near - far), 2 * far * near / (near - far)], [0, 0, -1, 0],
    ])
    return projection @ view


def vertex_normals(vertices: np.ndarray, faces: np.ndarray) -> np.ndarray:
    tri = vertices[faces]
    face_normals = np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0])
    normals = np.zeros_like(vertices)
    for k in range(3):
        np.add.at(normals, faces[:, k], face_normals)
    return normals / np.maximum(np.linalg.norm(normals, axis=1, keepdims=True), 1e-12)


class Renderer:
    """One offscreen GL context; :meth:`render` draws one frame."""

    def __init__(self) -> None:
        import moderngl

        try:
            self.ctx = moderngl.create_standalone_context(backend="egl")
        except Exception as exc:  # moderngl raises plain Exception when EGL is missing
            raise PushupError(
                "cannot create an offscreen OpenGL context (EGL): install the Debian packages "
                "libegl1 libegl-mesa0 libgl1-mesa-dri libgbm1 (make venv does it as root)"
            ) from exc
        self.body = self.ctx.program(vertex_shader=_BODY_VS, fragment_shader=_BODY_FS)
        self.floor = self.ctx.program(vertex_shader=_FLOOR_VS, fragment_shader=_FLOOR_FS)
        self.back = self.ctx.program(vertex_shader=_BACK_VS, fragment_shader=_BACK_FS)
        quad = np.array([-1, -1, 1, -1, -1, 1, 1, 1], dtype="f4")
        self.back_vao = self.ctx.vertex_array(self.back, [(self.ctx.buffer(quad), "2f", "position")])
        h = FLOOR_HALF
        floor = np.array([-h, -h, 0, h, -h, 0, -h, h, 0, h, h, 0], dtype="f4")
        self.floor_vao = self.ctx.vertex_array(self.floor, [(self.ctx.buffer(floor), "3f", "position")])
        self._size: tuple[int, int] | None = None
        self._scene: Scene | None = None
        self._mesh_key: tuple[int, int, int] | None = None

    def _target(self, width: int, height: int) -> None:
        if self._size != (width, height):
            self.fbo = self.ctx.simple_framebuffer((width * SUPERSAMPLE, height * SUPERSAMPLE), components=4)
            self._size = (width, height)

    def _bind_scene(self, scene: Scene) -> None:
        if self._scene is scene:  # identity, not id(): a freed scene's id can be reused
            return
        for old in ("wall_tex", "floor_tex"):
            if hasattr(self, old):
                getattr(self, old).release()  # one scene per clip: free the last one's textures
        self.wall_tex = self.ctx.texture((scene.wall.shape[1], scene.wall.shape[0]), 3, np.ascontiguousarray(scene.wall).tobytes())
        self.wall_tex.repeat_x = True
        self.floor_tex = self.ctx.texture((scene.floor.shape[1], scene.floor.shape[0]), 3, np.ascontiguousarray(scene.floor).tobytes())
        self.floor_tex.repeat_x = self.floor_tex.repeat_y = True
        self.floor_tex.build_mipmaps()
        self.floor_tex.filter = (self.ctx.LINEAR_MIPMAP_LINEAR, self.ctx.LINEAR)
        self._scene = scene

    def _bind_mesh(self, vertex_count: int, faces: np.ndarray) -> None:
        key = (vertex_count, faces.shape[0], hash(faces[:64].tobytes()))
        if self._mesh_key == key:
            return
        for old in ("body_vao", "vbo", "index"):
            if hasattr(self, old):
                getattr(self, old).release()
        self.index = self.ctx.buffer(faces.astype("i4").tobytes())
        self.vbo = self.ctx.buffer(reserve=vertex_count * 9 * 4)
        self.body_vao = self.ctx.vertex_array(
            self.body, [(self.vbo, "3f 3f 3f", "position", "normal", "color")], index_buffer=self.index
        )
        self._mesh_key = key

    def render(
        self, vertices: np.ndarray, faces: np.ndarray, colors: np.ndarray, scene: Scene, camera: Camera, t: int,
        mask: bool = False, people: bool = True,
    ) -> np.ndarray:
        """RGB ``[H, W, 3]`` uint8 at ``SUPERSAMPLE`` times the camera size (or the people's
        mask alone, for label checks). ``vertices`` may hold several people sharing
        ``faces``' index space; without ``people`` the room is drawn alone."""
        import moderngl

        self._target(camera.width, camera.height)
        self._bind_scene(scene)
        self._bind_mesh(len(vertices), faces)
        normals = vertex_normals(vertices, faces)
        self.vbo.write(np.hstack([vertices, normals, colors]).astype("f4").tobytes())
        vp = view_projection(camera, t)
        mvp = vp.T.astype("f4").tobytes()
        self.fbo.use()
        self.fbo.clear(0.0, 0.0, 0.0, 1.0, depth=1.0)  # depth cleared every frame, or the mesh vanishes
        self.ctx.enable(moderngl.DEPTH_TEST)
        self.body["mvp"].write(mvp)
        self.body["light_dir"].value = tuple(scene.light_dir)
        self.body["light_color"].value = tuple(scene.light_color)
        self.body["ambient"].value = scene.ambient
        self.body["use_sh"].value = 0.0 if scene.sh is None else 1.0
        self.body["sh"].write(np.zeros((9, 3), "f4").tobytes() if scene.sh is None else scene.sh.astype("f4").tobytes())
        self.body["yaw"].value = scene.yaw
        if mask:
            self.body["mode"].value, self.body["flatten"].value = 2.0, 0.0
            self.body_vao.render()
        else:
            self.wall_tex.use(0)
            self.back["panorama"].value = float(scene.panorama)
            self.back["inverse_vp"].write(np.linalg.inv(vp).T.astype("f4").tobytes())
            self.back["eye"].value = tuple(camera.positions[t])
            self.back["yaw"].value = scene.yaw
            self.back_vao.render(moderngl.TRIANGLE_STRIP)
            if not scene.panorama:  # a photo panorama brings its own ground
                self.floor["mvp"].write(mvp)
                self.floor["scale"].value = scene.floor_scale
                self.floor["ambient"].value = scene.ambient
                self.floor_tex.use(0)
                self.floor_vao.render(moderngl.TRIANGLE_STRIP)
            if people:
                self.ctx.enable(moderngl.BLEND)
                self.ctx.disable(moderngl.DEPTH_TEST)
                self.body["mode"].value, self.body["flatten"].value = 1.0, 1.0
                self.body_vao.render()  # a contact shadow: the body flattened onto the floor
                self.ctx.disable(moderngl.BLEND)
                self.ctx.enable(moderngl.DEPTH_TEST)
                self.body["mode"].value, self.body["flatten"].value = 0.0, 0.0
                self.body_vao.render()
        data = self.fbo.read(components=3)
        w, h = self.fbo.size
        return np.frombuffer(data, dtype=np.uint8).reshape(h, w, 3)[::-1]

    def distance_map(self) -> np.ndarray:
        """Camera-space depth (metres) of the last frame, at render resolution, top row first."""
        w, h = self.fbo.size
        raw = np.frombuffer(self.fbo.read(components=1, attachment=-1, dtype="f4"), dtype=np.float32).reshape(h, w)[::-1]
        ndc = 2.0 * raw - 1.0
        return 2.0 * FAR * NEAR / (FAR + NEAR - ndc * (FAR - NEAR))
