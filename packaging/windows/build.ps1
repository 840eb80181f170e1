<#
.SYNOPSIS
Builds Newsmark for Windows: the one-folder bundle dist\newsmark\ and its installer
dist\newsmark-<version>-windows-x64-setup.exe.

.DESCRIPTION
From this checkout, with only Python 3.11+ and Inno Setup 6.3+ installed: a build environment
of its own in build\venv, the icon packaging\icons\newsmark.ico, PyInstaller on
packaging\newsmark.spec, the bundle's self-test, and Inno Setup's compiler on
packaging\windows\newsmark.iss.

Run it from a PowerShell console (Windows PowerShell 5.1 or PowerShell 7):
  powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1

.PARAMETER Python
The Python 3.11+ to build with (default: "py -3.11", else the newest "py -3", else python on PATH).

.PARAMETER Iscc
Path of ISCC.exe (default: on PATH, else the usual Inno Setup 6 folders).

.PARAMETER NoSelfTest
Skip the bundle's self-test.

.PARAMETER NoInstaller
Build and test the bundle only; Inno Setup is then not needed.
#>
[CmdletBinding()]
param(
    [string]$Python,
    [string]$Iscc,
    [switch]$NoSelfTest,
    [switch]$NoInstaller
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$Root = (Resolve-Path (Join-Path $PSScriptRoot '..\..')).Path
$Venv = Join-Path $Root 'build\venv'
$VenvPython = Join-Path $Venv 'Scripts\python.exe'
$Bundle = Join-Path $Root 'dist\newsmark'
$Exe = Join-Path $Bundle 'newsmark.exe'
$Png = Join-Path $Root 'packaging\icons\newsmark.png'
$Ico = Join-Path $Root 'packaging\icons\newsmark.ico'
$Spec = Join-Path $Root 'packaging\newsmark.spec'
$Script = Join-Path $Root 'packaging\windows\newsmark.iss'

function Fail([string]$Message) {
    Write-Host "build: $Message" -ForegroundColor Red
    exit 2
}

function Step([string]$Message) {
    Write-Host "== $Message"
}

# Native programs do not stop the script when they fail: their exit status is checked each
# time. 'Continue' because Windows PowerShell turns their stderr (pip's notices, PyInstaller's
# log) into errors when its own output is redirected, as on a build server.
function Invoke-Native([string]$What, [string]$Program, [string[]]$Arguments) {
    $ErrorActionPreference = 'Continue'
    & $Program @Arguments
    if ($LASTEXITCODE -ne 0) {
        Fail "$What failed (exit status $LASTEXITCODE)"
    }
}

# True when "Program Arguments" starts a Python 3.11 or newer. Probing a missing interpreter
# writes to stderr, which Windows PowerShell turns into a terminating error under 'Stop'.
function Test-Python([string]$Program, [string[]]$Arguments) {
    $ErrorActionPreference = 'Continue'
    try {
        & $Program @Arguments -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>$null | Out-Null
        return ($LASTEXITCODE -eq 0)
    } catch {
        return $false
    }
}

function Find-Python {
    if ($Python) {
        if (Test-Python $Python @()) { return , @($Python) }
        Fail "$Python is not Python 3.11 or newer"
    }
    if (Get-Command py -ErrorAction SilentlyContinue) {
        foreach ($wanted in @('-3.11', '-3')) {
            if (Test-Python 'py' @($wanted)) { return , @('py', $wanted) }
        }
    }
    # The "python" that Windows ships without Python only opens the Store: the probe fails.
    if (Get-Command python -ErrorAction SilentlyContinue) {
        if (Test-Python 'python' @()) { return , @('python') }
    }
    Fail ("Python 3.11 or newer was not found. Install it from https://www.python.org/downloads/ " +
        "(with the py launcher), or pass -Python C:\path\to\python.exe")
}

function Find-Iscc {
    if ($Iscc) {
        if (Test-Path $Iscc -PathType Leaf) { return $Iscc }
        Fail "ISCC.exe not found at $Iscc"
    }
    $onPath = Get-Command ISCC.exe -ErrorAction SilentlyContinue
    if ($onPath) { return $onPath.Path }
    $folders = @(${env:ProgramFiles(x86)}, $env:ProgramFiles, (Join-Path $env:LOCALAPPDATA 'Programs'))
    foreach ($folder in $folders) {
        if (-not $folder) { continue }
        $candidate = Join-Path $folder 'Inno Setup 6\ISCC.exe'
        if (Test-Path $candidate -PathType Leaf) { return $candidate }
    }
    Fail ("Inno Setup 6 (ISCC.exe) was not found. Install Inno Setup 6.3 or later from " +
        "https://jrsoftware.org/isdl.php (or: winget install JRSoftware.InnoSetup), " +
        "pass -Iscc C:\path\to\ISCC.exe, or use -NoInstaller for the bundle alone")
}

# A windowed executable has no console: its output reaches us only through redirection,
# and only a process started this way is waited for.
function Invoke-SelfTest {
    $log = Join-Path $Root 'build\self-test.txt'
    $errors = Join-Path $Root 'build\self-test-errors.txt'
    $process = Start-Process -FilePath $Exe -ArgumentList '--self-test' -NoNewWindow -Wait `
        -PassThru -RedirectStandardOutput $log -RedirectStandardError $errors
    Get-Content $log, $errors | Write-Host
    if ($process.ExitCode -ne 0) {
        Fail "the self-test of the bundle failed (exit status $($process.ExitCode)); see $log"
    }
}

function Get-NewsmarkVersion {
    $ErrorActionPreference = 'Continue'
    $printed = & $VenvPython -c 'import newsmark; print(newsmark.__version__)' | Out-String
    if ($LASTEXITCODE -ne 0 -or -not $printed.Trim()) {
        Fail 'could not read the version of the newsmark package in the build environment'
    }
    return $printed.Trim()
}

if ($env:OS -ne 'Windows_NT') {
    Fail 'this script builds the Windows bundle; on Linux and macOS use packaging/build'
}
$started = Get-Date
$pythonCommand = Find-Python
if (-not $NoInstaller) {
    $IsccPath = Find-Iscc
}

if (-not (Test-Path $VenvPython -PathType Leaf)) {
    Step "build environment: $Venv (from $($pythonCommand -join ' '))"
    $launcher = $pythonCommand[0]
    $launcherArgs = @($pythonCommand | Select-Object -Skip 1)
    Invoke-Native 'creating the build environment' $launcher ($launcherArgs + @('-m', 'venv', $Venv))
}
Step 'installing Newsmark, PyInstaller and Pillow (icon conversion) into it'
Invoke-Native 'upgrading pip' $VenvPython @('-m', 'pip', 'install', '--quiet', '--upgrade', 'pip')
Invoke-Native 'installing the build requirements' $VenvPython @(
    '-m', 'pip', 'install', '--quiet', $Root, 'pyinstaller>=6.10,<7', 'pillow>=10'
)

Step 'icon: packaging\icons\newsmark.ico'
# Paths go in as arguments: double quotes inside a native argument do not survive
# Windows PowerShell's quoting.
$makeIco = 'import sys; from PIL import Image; ' +
    'Image.open(sys.argv[1]).save(sys.argv[2], sizes=[(16, 16), (32, 32), (48, 48), (256, 256)])'
Invoke-Native 'making the icon' $VenvPython @('-c', $makeIco, $Png, $Ico)

Step 'PyInstaller'
if (Test-Path $Bundle) {
    Remove-Item -Recurse -Force $Bundle
}
Invoke-Native 'PyInstaller' $VenvPython @(
    '-m', 'PyInstaller', '--noconfirm', '--log-level', 'WARN',
    '--distpath', (Join-Path $Root 'dist'), '--workpath', (Join-Path $Root 'build\pyinstaller'),
    $Spec
)
$sizeMb = [math]::Round(((Get-ChildItem $Bundle -Recurse -File | Measure-Object Length -Sum).Sum) / 1MB)
Step "bundle: dist\newsmark, $sizeMb MB"

if (-not $NoSelfTest) {
    Step 'self-test of the bundle'
    Invoke-SelfTest
}

if (-not $NoInstaller) {
    $version = Get-NewsmarkVersion
    Step "installer: Inno Setup, version $version"
    Invoke-Native 'Inno Setup' $IsccPath @("/DAppVersion=$version", $Script)
    Step "installer: dist\newsmark-$version-windows-x64-setup.exe"
}
Step ("done in {0:N0} s" -f ((Get-Date) - $started).TotalSeconds)
